from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import is_coordinator, is_examencommissie
from assessment.selectors import awaiting, exam_results, is_assessor_of
from config.converters import parse_id
from config.errors import ApplicationError
from config.text import clean_search
from diploma.selectors import student_readiness
from dossier.models import Criterium
from dossier.selectors import applies_to, werkproces_detail
from portfolio import selectors, services
from portfolio.downloads import bestand_response
from portfolio.forms import BewijsstukForm, FeedbackForm
from portfolio.models import Bewijsstuk, Inschrijving
from portfolio.scope import coordinates, reads


def _inschrijving_or_404(user, pk: int) -> Inschrijving:
    inschrijving = selectors.inschrijving_list(user=user).filter(pk=pk).first()
    if inschrijving is None:
        raise Http404(_("Dit portfolio bestaat niet."))
    return inschrijving


def _bewijsstuk_or_404(user, pk: int) -> Bewijsstuk:
    bewijsstuk = selectors.bewijsstuk_detail(user=user, pk=pk)
    if bewijsstuk is None:
        raise Http404(_("Dit bewijsstuk bestaat niet."))
    return bewijsstuk


def _werkproces_or_404(inschrijving: Inschrijving, code: str):
    werkproces = werkproces_detail(dossier=inschrijving.profiel.dossier, code=code, profiel=inschrijving.profiel)
    if werkproces is None:
        raise Http404(_("Dit werkproces hoort niet bij het profiel van deze student."))
    return werkproces


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    own = selectors.inschrijving_of_student(user=request.user)
    if own is not None:
        return redirect("portfolio:dashboard", pk=own.pk)
    if is_coordinator(request.user):
        return redirect("portfolio:cohorten")
    if is_examencommissie(request.user):
        return redirect("diploma:examencommissie")
    return redirect("portfolio:studenten")


@require_GET
@login_required
def studenten(request: HttpRequest) -> HttpResponse:
    q = clean_search(request.GET.get("q", ""))
    inschrijvingen = selectors.inschrijving_search(user=request.user, q=q)
    context = {
        "page": Paginator(inschrijvingen, 50).get_page(request.GET.get("page")),
        "q": q,
        "awaiting": awaiting(user=request.user),
    }
    return render(request, "portfolio/studenten.html", context)


@require_GET
@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    inschrijving = _inschrijving_or_404(request.user, pk)
    progress = selectors.portfolio_progress(inschrijving=inschrijving)
    results = exam_results(inschrijving=inschrijving, progress=progress)
    for block in progress:
        block["uitslag"] = results.kerntaken[block["kerntaak"].pk]
        for row in block["werkprocessen"]:
            row["uitslag"] = results.niveaus.get(row["werkproces"].code, "")
    context = {
        "inschrijving": inschrijving,
        "progress": progress,
        "is_own": inschrijving.student_id == request.user.pk,
        "may_read_history": reads(request.user, inschrijving),
        "may_manage": coordinates(request.user, inschrijving),
        "readiness": student_readiness(inschrijving=inschrijving),
        "awaiting": awaiting(user=request.user, own=inschrijving) if inschrijving.student_id == request.user.pk else [],
    }
    return render(request, "portfolio/dashboard.html", context)


@require_GET
@login_required
def werkproces(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inschrijving = _inschrijving_or_404(request.user, pk)
    werkproces = _werkproces_or_404(inschrijving, code)
    bewijsstukken = (
        selectors.bewijsstuk_list(user=request.user)
        .filter(inschrijving=inschrijving, werkproces__code=werkproces.code)
        .prefetch_related("versies__bestanden")
    )
    coverage = selectors.criteria_coverage(inschrijving=inschrijving, werkproces=werkproces)
    criteria = [{"criterium": c, "covered_by": coverage.get(c.pk, [])} for c in werkproces.criteria.all()]
    context = {
        "inschrijving": inschrijving,
        "werkproces": werkproces,
        "criteria": criteria,
        "covered": sum(1 for c in criteria if c["covered_by"]),
        "bewijsstukken": bewijsstukken,
        "is_own": inschrijving.student_id == request.user.pk,
        "may_assess": is_assessor_of(user=request.user, inschrijving=inschrijving),
        "may_read_exams": reads(request.user, inschrijving),
    }
    return render(request, "portfolio/werkproces.html", context)


def _criteria_for(inschrijving: Inschrijving, werkproces):
    return Criterium.objects.filter(applies_to(inschrijving.profiel), werkproces=werkproces).select_related("profiel")


@require_http_methods(["GET", "POST"])
@login_required
def bewijsstuk_new(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inschrijving = _inschrijving_or_404(request.user, pk)
    if inschrijving.student_id != request.user.pk:
        raise PermissionDenied(_("Alleen de student zelf kan bewijsstukken toevoegen."))
    werkproces = _werkproces_or_404(inschrijving, code)
    form = BewijsstukForm(
        request.POST or None, request.FILES or None, criteria_queryset=_criteria_for(inschrijving, werkproces)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                bewijsstuk = services.bewijsstuk_create(
                    inschrijving=inschrijving,
                    werkproces=werkproces,
                    titel=form.cleaned_data["titel"],
                    reflectie=form.cleaned_data["reflectie"],
                    criteria=form.cleaned_data["criteria"],
                    files=form.all_files(),
                    by=request.user,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Bewijsstuk opgeslagen als concept."))
                return redirect("portfolio:bewijsstuk", pk=bewijsstuk.pk)
        status = 400
    context = {"inschrijving": inschrijving, "werkproces": werkproces, "form": form}
    return render(request, "portfolio/bewijsstuk_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def bewijsstuk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bewijsstuk = _bewijsstuk_or_404(request.user, pk)
    inschrijving = bewijsstuk.inschrijving
    if inschrijving.student_id != request.user.pk:
        raise PermissionDenied(_("Alleen de student zelf kan dit bewijsstuk wijzigen."))
    latest = bewijsstuk.versies.all()[0]
    initial = {
        "titel": latest.titel or bewijsstuk.titel,
        "reflectie": latest.reflectie,
        "criteria": list(latest.criteria.all()),
    }
    form = BewijsstukForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        criteria_queryset=_criteria_for(inschrijving, bewijsstuk.werkproces),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.bewijsstuk_update(
                    bewijsstuk=bewijsstuk,
                    by=request.user,
                    titel=form.cleaned_data["titel"],
                    reflectie=form.cleaned_data["reflectie"],
                    criteria=form.cleaned_data["criteria"],
                    add_files=form.all_files(),
                    remove_files=[f for x in request.POST.getlist("remove") if (f := parse_id(x)) is not None],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Wijzigingen opgeslagen."))
                return redirect("portfolio:bewijsstuk", pk=bewijsstuk.pk)
        status = 400
    context = {
        "inschrijving": inschrijving,
        "werkproces": bewijsstuk.werkproces,
        "form": form,
        "bewijsstuk": bewijsstuk,
        "bestanden": list(latest.bestanden.all()),
    }
    return render(request, "portfolio/bewijsstuk_form.html", context, status=status)


@require_GET
@login_required
def bewijsstuk_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bewijsstuk = _bewijsstuk_or_404(request.user, pk)
    inschrijving = bewijsstuk.inschrijving
    is_beoordelaar = inschrijving.toewijzingen.filter(beoordelaar=request.user).exists() or coordinates(
        request.user, inschrijving
    )
    context = {
        "bewijsstuk": bewijsstuk,
        "inschrijving": inschrijving,
        "editable": selectors.bewijsstuk_is_editable(bewijsstuk),
        "versies": list(bewijsstuk.versies.all()),
        "log": list(bewijsstuk.statuswijzigingen.all()),
        "is_own": inschrijving.student_id == request.user.pk,
        "is_beoordelaar": is_beoordelaar,
        "feedback_form": FeedbackForm(),
    }
    return render(request, "portfolio/bewijsstuk.html", context)


ACTIONS = {
    "indienen": (services.bewijsstuk_submit, _("Bewijsstuk ingediend.")),
    "intrekken": (services.bewijsstuk_withdraw, _("Bewijsstuk teruggetrokken; het is weer een concept.")),
}


@require_POST
@login_required
def bewijsstuk_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    bewijsstuk = _bewijsstuk_or_404(request.user, pk)
    try:
        if action in ACTIONS:
            service, done = ACTIONS[action]
            service(bewijsstuk=bewijsstuk, by=request.user)
        elif action == "teruggeven":
            form = FeedbackForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Schrijf feedback voor de student."))
            services.bewijsstuk_return(bewijsstuk=bewijsstuk, by=request.user, feedback=form.cleaned_data["feedback"])
            done = _("Bewijsstuk teruggegeven aan de student.")
        elif action == "verwijderen":
            services.bewijsstuk_delete(bewijsstuk=bewijsstuk, by=request.user)
            messages.success(request, _("Concept verwijderd."))
            return redirect("portfolio:werkproces", pk=bewijsstuk.inschrijving_id, code=bewijsstuk.werkproces.code)
        else:
            raise Http404()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("portfolio:bewijsstuk", pk=pk)
    messages.success(request, done)
    return redirect("portfolio:bewijsstuk", pk=pk)


@require_GET
@login_required
def bestand_download(request: HttpRequest, pk: int) -> FileResponse:
    bestand = selectors.bestand_for_download(user=request.user, pk=pk)
    if bestand is None:
        raise Http404(_("Dit bestand bestaat niet."))
    return bestand_response(bestand)
