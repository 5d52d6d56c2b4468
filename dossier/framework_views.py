"""The page that exports one version of a dossier, for one profiel, as a Mahara or Moodle framework."""

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from config.converters import parse_id
from dossier import frameworks, selectors
from dossier.models import Kwalificatiedossier, Profiel
from portfolio.selectors import profiel_of_student


class FrameworkExportForm(forms.Form):
    profiel = forms.ChoiceField(label=gettext_lazy("Profiel"))
    formaat = forms.ChoiceField(
        label=gettext_lazy("Formaat"),
        choices=[(f.code, f.label) for f in frameworks.FORMATEN.values()],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, profielen: list[Profiel], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.profielen = {p.code: p for p in profielen}
        cast(forms.ChoiceField, self.fields["profiel"]).choices = [(p.code, f"{p.code} {p.naam}") for p in profielen]

    def clean_profiel(self) -> Profiel:
        return self.profielen[self.cleaned_data["profiel"]]


def framework_response(export: frameworks.FrameworkFile) -> HttpResponse:
    """The file as a download; the page and the API answer with exactly these bytes and headers."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def framework_export(request: HttpRequest, crebo: str) -> HttpResponse:
    own = profiel_of_student(request.user)
    dossier = _version_or_404(request, crebo, own)
    profielen = list(dossier.profielen.all())
    if "formaat" not in request.GET:
        chosen = request.GET.get("profiel") or (own.code if own and own.dossier_id == dossier.pk else None)
        form = FrameworkExportForm(initial={"profiel": chosen, "formaat": "mahara"}, profielen=profielen)
        return _render(request, dossier, form, status=200)
    form = FrameworkExportForm(request.GET, profielen=profielen)
    if not form.is_valid():
        return _render(request, dossier, form, status=400)
    export = frameworks.framework_file(
        dossier=dossier, profiel=form.cleaned_data["profiel"], formaat=form.cleaned_data["formaat"]
    )
    return framework_response(export)


def _version_or_404(request: HttpRequest, crebo: str, own: Profiel | None) -> Kwalificatiedossier:
    """?versie=2 (a volgnummer, as on the other dossier pages), else the student's own version, else the latest."""
    asked = request.GET.get("versie", "")
    volgnummer = parse_id(asked, max_digits=4)
    if volgnummer is None and own is not None and own.dossier.crebo == crebo:
        volgnummer = own.dossier.volgnummer
    dossier = selectors.dossier_get(crebo=crebo, volgnummer=volgnummer)
    if dossier is None:
        raise Http404(_("Dit kwalificatiedossier (of deze versie ervan) bestaat niet."))
    return dossier


def _render(request: HttpRequest, dossier: Kwalificatiedossier, form: FrameworkExportForm, status: int) -> HttpResponse:
    context = {"dossier": dossier, "form": form, "versie": request.GET.get("versie", "")}
    return render(request, "dossier/framework_export.html", context, status=status)
