"""The beheerder's page to import a kwalificatiedossier: upload, preview (a dry run), confirm."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import Role, has_role
from config.errors import ApplicationError
from dossier.import_forms import ConfirmForm, DossierImportForm, pending_clear, pending_store, pending_take
from dossier.importer.parser import DossierParseError, parse_dossier
from dossier.services import ImportResult, dossier_import

OUTCOME_LABELS = {
    "nieuw": gettext_lazy("nieuw dossier"),
    "ongewijzigd": gettext_lazy("ongewijzigd"),
    "bijgewerkt": gettext_lazy("bijgewerkt"),
    "nieuwe versie": gettext_lazy("nieuwe versie"),
}


def beheerder_required(view):
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_staff or has_role(request.user, Role.BEHEERDER)):
            raise PermissionDenied(_("Alleen beheerders kunnen een kwalificatiedossier inlezen."))
        return view(request, *args, **kwargs)

    return wrapper


def _run(text: str, options: dict, *, dry_run: bool) -> ImportResult:
    return dossier_import(parsed=parse_dossier(text), **options, dry_run=dry_run)


def _form_page(request: HttpRequest, form: DossierImportForm, *, error: str | None = None) -> HttpResponse:
    status = 400 if error or form.errors else 200
    return render(request, "dossier/import.html", {"form": form, "error": error}, status=status)


def _not_imported(exc: Exception) -> str:
    return _("Niet ingelezen, er is niets opgeslagen. %(fout)s") % {"fout": exc}


@require_http_methods(["GET", "POST"])
@beheerder_required
def dossier_import_page(request: HttpRequest) -> HttpResponse:
    form = DossierImportForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return _form_page(request, form)
    if not form.is_valid():
        return _form_page(request, form)
    text, options = form.cleaned_data["bestand"], form.import_options()
    try:
        result = _run(text, options, dry_run=True)
    except (DossierParseError, ApplicationError) as exc:
        return _form_page(request, form, error=_not_imported(exc))
    # Nothing to confirm when nothing would change; an older pending preview is stale either way.
    pending_clear(request.session)
    confirm = None
    if result.outcome != "ongewijzigd":
        confirm = ConfirmForm(initial={"digest": pending_store(request.session, text=text, options=options)})
    context = {"result": result, "confirm": confirm, "outcome_label": OUTCOME_LABELS[result.outcome]}
    return render(request, "dossier/import_preview.html", context)


@require_POST
@beheerder_required
def dossier_import_confirm(request: HttpRequest) -> HttpResponse:
    if "annuleren" in request.POST:
        pending_clear(request.session)
        messages.info(request, _("Het inlezen is geannuleerd; er is niets opgeslagen."))
        return redirect("dossier:import")
    form = ConfirmForm(request.POST)
    pending = pending_take(request.session, digest=form.cleaned_data["digest"]) if form.is_valid() else None
    if pending is None:
        error = _(
            "Niet ingelezen, er is niets opgeslagen: dit voorbeeld is verlopen of hoort bij een ander "
            "bestand. Kies het bestand opnieuw en bekijk het voorbeeld nog eens."
        )
        return _form_page(request, DossierImportForm(), error=error)
    text, options = pending
    try:
        result = _run(text, options, dry_run=False)
    except (DossierParseError, ApplicationError) as exc:
        return _form_page(request, DossierImportForm(), error=_not_imported(exc))
    messages.success(
        request,
        _("Kwalificatiedossier ingelezen (%(outcome)s): %(versie)s.")
        % {"outcome": OUTCOME_LABELS[result.outcome], "versie": result.dossier.versie_label},
    )
    return redirect("dossier:detail", crebo=result.dossier.crebo)
