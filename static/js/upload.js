// Upload with a progress bar and drag-and-drop; without JavaScript the form posts as usual.
(function () {
  "use strict";

  function init(form) {
    var zone = form.querySelector("[data-dropzone]");
    var input = zone && zone.querySelector("input[type=file]");
    var chosen = form.querySelector("[data-chosen]");
    var progress = form.querySelector("[data-progress]");

    function listFiles() {
      if (!chosen || !input) return;
      chosen.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var li = document.createElement("li");
        li.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " kB)";
        chosen.appendChild(li);
      });
    }

    if (zone && input) {
      input.addEventListener("change", listFiles);
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("is-dragging");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("is-dragging"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          listFiles();
        }
      });
    }

    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var bar = progress && progress.querySelector("progress");
      var text = progress && progress.querySelector("[data-progress-text]");
      if (button) button.disabled = true;
      if (progress) progress.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable || !bar) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        if (text) text.textContent = percent + "%";
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400) {
          window.location.assign(xhr.responseURL || window.location.href);
          return;
        }
        // The server answered with the form and its Dutch error messages: show that page.
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = doc.querySelector("main");
        if (main) {
          document.querySelector("main").replaceWith(main);
          var next = document.querySelector("[data-upload-form]");
          if (next) init(next);
          var errors = document.getElementById("form-errors");
          if (errors) errors.scrollIntoView();
        }
      });
      xhr.addEventListener("error", function () {
        if (button) button.disabled = false;
        if (text) text.textContent = form.dataset.networkError || "Verbinding verbroken; probeer het opnieuw.";
      });
      xhr.send(new FormData(form));
    });
  }

  document.querySelectorAll("[data-upload-form]").forEach(init);
})();
