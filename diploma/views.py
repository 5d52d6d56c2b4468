from decimal import Decimal, InvalidOperation
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import is_coordinator, is_examencommissie
from assessment.selectors import awaiting, vaststelling_list
from config.audit import audit_context
from config.converters import parse_id
from config.errors import ApplicationError
from config.text import clean_search
from diploma import generiek_import, report_requests, selectors
from diploma import services as diploma_services
from diploma.forms import CsvForm, GeneriekForm, KeuzedeelForm, VrijstellingForm
from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Report, Vrijstelling
from portfolio.downloads import file_response
from portfolio.scope import coordinates, coordinates_cohort
from portfolio.selectors import cohort_list, inschrijving_list, readable_cohort_list

PER_PAGE = 100
WHAT_IF_FIELDS = {
    "nederlands_ce": _lazy("Nederlands CE"),
    "nederlands_se": _lazy("Nederlands IE"),
    "engels_ce": _lazy("Engels CE"),
    "engels_se": _lazy("Engels IE"),
    "rekenen": _lazy("Rekenen"),
}


def _coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Alleen coördinatoren hebben toegang tot deze pagina."))


def _reader(request: HttpRequest) -> None:
    if not (is_coordinator(request.user) or is_examencommissie(request.user)):
        raise PermissionDenied(_("Alleen coördinatoren en de examencommissie hebben toegang tot deze pagina."))


@require_GET
@login_required
def examencommissie(request: HttpRequest) -> HttpResponse:
    """What the examencommissie reads first: the cohorts of its opleidingen and the latest vaststellingen."""
    _reader(request)
    params = request.GET
    q = clean_search(params.get("q", ""))
    selected = parse_id(params.get("cohort"))
    correcties = params.get("correcties") == "1"
    vaststellingen = vaststelling_list(user=request.user, cohort=selected, q=q, correcties=correcties)
    context = {
        "cohorten": readable_cohort_list(user=request.user).annotate(aantal=Count("inschrijvingen")),
        "page": Paginator(vaststellingen, PER_PAGE).get_page(params.get("page")),
        "q": q,
        "selected_cohort": selected,
        "correcties": correcties,
        "awaiting": awaiting(user=request.user),
    }
    return render(request, "diploma/examencommissie.html", context)


@require_GET
@login_required
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    cohort = readable_cohort_list(user=request.user).filter(pk=pk).first()
    if cohort is None:
        raise Http404(_("Dit cohort bestaat niet."))
    page = parse_id(request.GET.get("page"), max_digits=6) or 1
    conditie = request.GET.get("conditie") or None
    overview = selectors.cohort_overview(cohort=cohort, conditie=conditie, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    context = {
        "cohort": cohort,
        "overview": overview,
        "conditie": conditie,
        "page": page,
        "has_next": overview["matched"] > page * PER_PAGE,
        "report_kinds": [k for k in Report.Kind if k in report_requests.COHORT_KINDS],
        "may_manage": coordinates_cohort(request.user, cohort),
    }
    return render(request, "diploma/cohort.html", context)


def _what_if(request: HttpRequest) -> tuple[dict, list[str]]:
    values, errors = {}, []
    for field in WHAT_IF_FIELDS:
        raw = request.GET.get(field, "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.append(_("%(veld)s: '%(waarde)s' is geen cijfer.") % {"veld": WHAT_IF_FIELDS[field], "waarde": raw})
            continue
        if not Decimal(1) <= value <= Decimal(10):
            errors.append(_("%(veld)s: een cijfer ligt tussen 1,0 en 10,0.") % {"veld": WHAT_IF_FIELDS[field]})
            continue
        values[field] = value
    return values, errors


@require_GET
@login_required
def student(request: HttpRequest, pk: int) -> HttpResponse:
    """A student's readiness: 'wat mis ik nog?'; coordinators can try grades in a what-if."""
    inschrijving = inschrijving_list(user=request.user).filter(pk=pk).first()
    if inschrijving is None:
        raise Http404(_("Deze inschrijving bestaat niet."))
    may_what_if = coordinates(request.user, inschrijving)
    what_if, errors = _what_if(request) if may_what_if else ({}, [])
    context = {
        "inschrijving": inschrijving,
        "readiness": selectors.student_readiness(inschrijving=inschrijving),
        "what_if": selectors.student_readiness(inschrijving=inschrijving, what_if=what_if) if what_if else None,
        "what_if_fields": [(f, label, request.GET.get(f, "")) for f, label in WHAT_IF_FIELDS.items()],
        "errors": errors,
        "may_what_if": may_what_if,
    }
    return render(request, "diploma/student.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        cohort = readable_cohort_list(user=request.user).filter(pk=request.POST.get("cohort") or 0).first()
        inschrijving = inschrijving_list(user=request.user).filter(pk=request.POST.get("inschrijving") or 0).first()
        try:
            report = report_requests.report_request(
                by=request.user, kind=kind, cohort=cohort, inschrijving=inschrijving
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            # No flash message: the report page says itself whether the report is being made, done or failed, and a
            # message that it "is being made" would stay on the page after it is done.
            return redirect("diploma:report", pk=report.pk)
        return redirect("diploma:reports")
    return render(request, "diploma/reports.html", {"reports": selectors.report_list(user=request.user)[:200]})


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_list(user=request.user).filter(pk=pk).first()
    if report is None:
        raise Http404(_("Dit rapport bestaat niet."))
    return report


@require_GET
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's state; htmx polls the status card (the partial) until the report is done or failed."""
    report = _report_or_404(request, pk)
    template = "diploma/partials/report_status.html" if request.headers.get("HX-Request") else "diploma/report.html"
    response = render(request, template, {"report": report})
    patch_vary_headers(response, ["HX-Request"])  # the partial and the page share a URL: never cache one as the other
    return response


@require_POST
@login_required
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    from diploma.reports.jobs import report_retry as retry

    # report_retry requeues only a failed report, and sends it to a worker after commit.
    if not retry(report_id=report.pk):
        messages.error(request, _("Alleen een mislukt rapport kan opnieuw worden gemaakt."))
    return redirect("diploma:report", pk=report.pk)


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int):
    report = _report_or_404(request, pk)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404(_("Dit rapport is nog niet klaar."))
    name = cast(str, report.file.name)  # a stored file has a name
    return file_response(report.file, name=name.rsplit("/", 1)[-1], inline=False)


@require_http_methods(["GET", "POST"])
@login_required
def resultaten(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator records the generic results, keuzedelen and vrijstellingen of one enrolment."""
    _coordinator(request)
    inschrijving = inschrijving_list(user=request.user).filter(pk=pk).first()
    # Only a student the coordinator coordinates: one they merely read (as examencommissie) is not theirs to edit.
    if inschrijving is None or not coordinates(request.user, inschrijving):
        raise Http404(_("Deze inschrijving bestaat niet."))
    generiek = GeneriekResultaat.objects.filter(inschrijving=inschrijving).first()
    action = request.POST.get("action")
    form = GeneriekForm(request.POST if action == "generiek" else None, initial=GeneriekForm.initial_from(generiek))
    catalogus = selectors.keuzedeel_catalogus()
    keuzedeel_form = KeuzedeelForm(request.POST if action == "keuzedeel" else None, catalogus=catalogus)
    vrijstelling_form = VrijstellingForm(request.POST if action == "vrijstelling" else None)
    status = 200
    if request.method == "POST":
        try:
            if action == "generiek" and form.is_valid():
                values = dict(form.cleaned_data)
                with audit_context(reden=values.pop("reden", "").strip()):
                    diploma_services.generiek_save(inschrijving=inschrijving, by=request.user, **values)
            elif action == "keuzedeel" and keuzedeel_form.is_valid():
                diploma_services.keuzedeel_save(inschrijving=inschrijving, by=request.user, **keuzedeel_form.values())
            elif action == "keuzedeel_delete":
                diploma_services.keuzedeel_delete(
                    inschrijving=inschrijving, by=request.user, code=request.POST.get("code", "")
                )
            elif action == "vrijstelling" and vrijstelling_form.is_valid():
                diploma_services.vrijstelling_save(
                    inschrijving=inschrijving, by=request.user, **vrijstelling_form.cleaned_data
                )
            elif action == "vrijstelling_delete":
                diploma_services.vrijstelling_delete(
                    inschrijving=inschrijving,
                    by=request.user,
                    onderdeel=request.POST.get("onderdeel", ""),
                    keuzedeel_code=request.POST.get("keuzedeel_code", ""),
                )
            else:
                raise ApplicationError(_("Controleer de invoer."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("diploma:resultaten", pk=inschrijving.pk)
    context = {
        "inschrijving": inschrijving,
        "form": form,
        "keuzedeel_form": keuzedeel_form,
        "vrijstelling_form": vrijstelling_form,
        "keuzedelen": KeuzedeelResultaat.objects.filter(inschrijving=inschrijving),
        "catalogus_leeg": not catalogus.exists(),
        "vrijstellingen": Vrijstelling.objects.filter(inschrijving=inschrijving),
    }
    return render(request, "diploma/resultaten.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def resultaten_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _coordinator(request)
    cohort = cohort_list(user=request.user).filter(pk=pk).first()
    if cohort is None:
        raise Http404(_("Dit cohort bestaat niet."))
    form = CsvForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = generiek_import.generiek_import_csv(
            by=request.user, cohort=cohort, fileobj=form.cleaned_data["bestand"]
        )
        if result.ok:
            messages.success(request, _("%(n)d studenten bijgewerkt.") % {"n": len(result.changed)})
            return redirect("diploma:cohort", pk=cohort.pk)
    context = {"cohort": cohort, "form": form, "result": result, "columns": generiek_import.CSV_COLUMNS[:12]}
    return render(request, "diploma/resultaten_import.html", context, status=400 if request.method == "POST" else 200)
