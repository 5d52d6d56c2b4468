"""Coordinator pages: opleidingen, cohorten, inschrijvingen one by one and from CSV."""

from functools import wraps
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import is_coordinator
from accounts.services import activation_send
from assessment.selectors import awaiting, move_preview, newer_versions
from assessment.services import inschrijvingen_move_version
from config.errors import ApplicationError
from portfolio import csv_import, selectors, services
from portfolio.beheer_forms import CohortForm, CsvUploadForm, InschrijvingForm, OpleidingForm
from portfolio.models import Beoordelaarstoewijzing, Cohort


def coordinator_required(view):
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_coordinator(request.user):
            raise PermissionDenied(_("Alleen coördinatoren hebben toegang tot deze pagina."))
        return view(request, *args, **kwargs)

    return wrapper


def _cohort_or_404(user, pk: int) -> Cohort:
    cohort = selectors.cohort_list(user=user).filter(pk=pk).first()
    if cohort is None:
        raise Http404(_("Dit cohort bestaat niet."))
    return cohort


@require_http_methods(["GET", "POST"])
@coordinator_required
def cohorten(request: AuthenticatedHttpRequest) -> HttpResponse:
    cohort_form = CohortForm(request.POST if "cohort" in request.POST else None)
    opleidingen = selectors.opleiding_list(user=request.user)
    cast(ModelChoiceField, cohort_form.fields["opleiding"]).queryset = opleidingen
    opleiding_form = OpleidingForm(request.POST if "opleiding" in request.POST else None)
    if request.method == "POST":
        if "cohort" in request.POST and cohort_form.is_valid():
            cohort, created = services.cohort_ensure(**cohort_form.cleaned_data)
            messages.success(request, _("Cohort %(cohort)s staat klaar.") % {"cohort": cohort})
            return redirect("portfolio:cohort", pk=cohort.pk)
        if "opleiding" in request.POST and opleiding_form.is_valid():
            opleiding = services.opleiding_create(form=opleiding_form, by=request.user)
            messages.success(request, _("Opleiding %(naam)s aangemaakt.") % {"naam": opleiding.naam})
            return redirect("portfolio:cohorten")
    cohorts = selectors.cohort_list(user=request.user).annotate(aantal=Count("inschrijvingen"))
    context = {
        "cohorten": cohorts,
        "cohort_form": cohort_form,
        "opleiding_form": opleiding_form,
        "awaiting": awaiting(user=request.user),
        "opleidingen_count": opleidingen.count(),
    }
    return render(request, "portfolio/beheer/cohorten.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET"])
@coordinator_required
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_or_404(request.user, pk)
    inschrijvingen = (
        selectors.inschrijving_list(user=request.user)
        .filter(cohort=cohort)
        .prefetch_related("toewijzingen__beoordelaar")
        .order_by("studentnummer")
    )
    page = Paginator(inschrijvingen, 100).get_page(request.GET.get("page"))
    context = {"cohort": cohort, "page": page, "newer": newer_versions(dossier=cohort.dossier).first()}
    return render(request, "portfolio/beheer/cohort.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def inschrijving_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_or_404(request.user, pk)
    form = InschrijvingForm(request.POST or None, dossier=cohort.dossier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        beoordelaars = [
            (data[field], rol)
            for field, rol in (
                ("praktijkbeoordelaar", Beoordelaarstoewijzing.Rol.PRAKTIJK),
                ("schoolbeoordelaar", Beoordelaarstoewijzing.Rol.SCHOOL),
            )
            if data.get(field)
        ]
        try:
            services.student_enrol(
                by=request.user,
                cohort=cohort,
                username=data["gebruikersnaam"],
                first_name=data["voornaam"],
                last_name=data["achternaam"],
                email=data["email"],
                profiel=data["profiel"],
                studentnummer=data["studentnummer"],
                startdatum=data["startdatum"],
                leerweg=data["leerweg"],
                leerbedrijf=data["leerbedrijf"],
                bpv_coach=data.get("bpv_coach"),
                beoordelaars=beoordelaars,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Inschrijving aangemaakt."))
            return redirect("portfolio:cohort", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "portfolio/beheer/inschrijving_form.html", {"cohort": cohort, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@coordinator_required
def inschrijvingen_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_or_404(request.user, pk)
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        rows = csv_import.record_count(bestand)
        if rows is not None and rows > csv_import.background_threshold():
            # Too long for one request: a worker imports it, and the job page follows its progress.
            job = csv_import.import_job_create(by=request.user, cohort=cohort, fileobj=bestand, rows=rows)
            return redirect("portfolio:import-job", pk=job.pk)
        result = csv_import.inschrijvingen_import_csv(by=request.user, cohort=cohort, fileobj=bestand)
        if result.ok:
            messages.success(request, _("%(n)d inschrijvingen ingelezen.") % {"n": len(result.created)})
            return redirect("portfolio:cohort", pk=cohort.pk)
    context = {"cohort": cohort, "form": form, "result": result, "columns": csv_import.CSV_COLUMNS}
    status = 400 if request.method == "POST" else 200
    return render(request, "portfolio/beheer/import.html", context, status=status)


@require_GET
@coordinator_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import's state; htmx polls the status card (the partial) until it is done or failed."""
    job = selectors.import_job_detail(user=request.user, pk=pk)
    if job is None:
        raise Http404(_("Deze import bestaat niet."))
    partial = request.headers.get("HX-Request")
    template = "portfolio/beheer/partials/import_status.html" if partial else "portfolio/beheer/import_job.html"
    response = render(request, template, {"job": job, "cohort": job.cohort})
    patch_vary_headers(response, ["HX-Request"])  # the partial and the page share a URL: never cache one as the other
    return response


@require_http_methods(["GET", "POST"])
@coordinator_required
def cohort_versie(request: HttpRequest, pk: int) -> HttpResponse:
    """Moves a cohort to a newer version of its dossier: first what changes, then a confirmed move."""
    cohort = _cohort_or_404(request.user, pk)
    inschrijvingen = list(
        selectors.inschrijving_list(user=request.user).filter(cohort=cohort).order_by("studentnummer")
    )
    return _move(request, cohort.dossier, inschrijvingen, cohort=cohort, back=reverse("portfolio:cohort", args=[pk]))


@require_http_methods(["POST"])
@coordinator_required
def activatie_opnieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """Sends a student who has not activated their account a fresh activation link."""
    inschrijving = (
        selectors.managed_inschrijving_list(user=request.user).select_related("student").filter(pk=pk).first()
    )
    if inschrijving is None:
        raise Http404(_("Deze inschrijving bestaat niet."))
    student = inschrijving.student
    if activation_send(users=[student]):
        messages.success(request, _("Een nieuwe activatielink is verstuurd naar %(adres)s.") % {"adres": student.email})
    elif not student.email:
        messages.error(request, _("%(naam)s heeft geen e-mailadres; vul het eerst in.") % {"naam": student.username})
    else:
        messages.info(request, _("%(naam)s heeft het account al geactiveerd.") % {"naam": student.username})
    return redirect("portfolio:cohort", pk=inschrijving.cohort_id)


@require_http_methods(["GET", "POST"])
@coordinator_required
def inschrijving_versie(request: HttpRequest, pk: int) -> HttpResponse:
    """Moves one student to a newer version of the dossier; the cohort stays where it is."""
    inschrijving = selectors.managed_inschrijving_list(user=request.user).filter(pk=pk).first()
    if inschrijving is None:
        raise Http404(_("Deze inschrijving bestaat niet."))
    back = reverse("portfolio:cohort", args=[inschrijving.cohort_id])
    return _move(request, inschrijving.profiel.dossier, [inschrijving], cohort=None, back=back)


def _move(request: HttpRequest, current, inschrijvingen: list, *, cohort, back: str) -> HttpResponse:
    versions = list(newer_versions(dossier=current))
    asked = request.POST.get("naar") or request.GET.get("naar") or ""
    target = next((v for v in versions if str(v.volgnummer) == asked), versions[0] if versions else None)
    preview = move_preview(inschrijvingen=inschrijvingen, target=target) if target is not None else None
    if request.method == "POST" and target is not None:
        try:
            moved = inschrijvingen_move_version(
                inschrijvingen=inschrijvingen, target=target, by=request.user, cohort=cohort
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext("%(n)d student staat nu op %(versie)s.", "%(n)d studenten staan nu op %(versie)s.", moved)
                % {"n": moved, "versie": target.versie_label},
            )
            return redirect(back)
    context = {
        "cohort": cohort,
        "inschrijvingen": inschrijvingen,
        "current": current,
        "versions": versions,
        "target": target,
        "preview": preview,
        "back": back,
    }
    return render(request, "portfolio/beheer/versie.html", context, status=400 if request.method == "POST" else 200)
