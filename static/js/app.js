// Small behaviours for every page; each works without JavaScript too (the form then posts as usual).
(function () {
  "use strict";

  // An irreversible step asks first: a submit button with data-confirm shows its question.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // A "select all" checkbox ticks every checkbox it names with data-select-all="name".
  document.addEventListener("change", function (event) {
    var box = event.target;
    var name = box.getAttribute && box.getAttribute("data-select-all");
    if (name) {
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (other) {
        other.checked = box.checked;
      });
    }
    if (box.matches && box.matches("select[data-autosubmit]")) {
      box.form.submit();
    }
  });
})();
