from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import is_coordinator
from assessment import rules, selectors, services
from assessment.context_processors import request_queue_count
from assessment.forms import CorrectieForm, ScoresForm, StartForm, VoorschriftForm
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging
from config.converters import parse_id
from config.errors import ApplicationError
from config.paginator import CountedPaginator
from config.text import clean_search
from dossier.models import Criterium
from dossier.selectors import werkproces_detail
from portfolio.selectors import cohort_list, inschrijving_list


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    params = request.GET
    cohort = parse_id(params.get("cohort"))
    werkproces, status = params.get("werkproces") or None, params.get("status")
    items = selectors.queue(user=request.user, cohort=cohort, werkproces=werkproces, status=status)
    # Unfiltered, the queue is what the menu counts already.
    default = selectors.queue_is_default(cohort=cohort, werkproces=werkproces, status=status)
    count = request_queue_count(request) if default else None
    page = CountedPaginator(items, 50, count=count).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": params,
        "query": query.urlencode(),
        "cohorts": selectors.queue_cohorts(user=request.user),
        "selected_cohort": cohort,
    }
    return render(request, "assessment/queue.html", context)


def _inschrijving_or_404(user, pk: int):
    inschrijving = inschrijving_list(user=user).filter(pk=pk).first()
    if inschrijving is None:
        raise Http404(_("Deze student bestaat niet."))
    return inschrijving


@require_http_methods(["GET", "POST"])
@login_required
def werkproces(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    inschrijving = _inschrijving_or_404(request.user, pk)
    werkproces = werkproces_detail(dossier=inschrijving.profiel.dossier, code=code, profiel=inschrijving.profiel)
    if werkproces is None:
        raise Http404(_("Dit werkproces hoort niet bij het profiel van deze student."))
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beoordeling = services.beoordeling_start(
                inschrijving=inschrijving, werkproces=werkproces, by=request.user, soort=form.cleaned_data["soort"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("assessment:beoordeling", pk=beoordeling.pk)
    context = {
        "inschrijving": inschrijving,
        "werkproces": werkproces,
        "form": form,
        "beoordelingen": selectors.beoordeling_list(user=request.user).filter(
            inschrijving=inschrijving, werkproces=werkproces
        ),
        "pogingen": selectors.poging_list(user=request.user, inschrijving=inschrijving, werkproces=werkproces),
        "may_assess": selectors.is_assessor_of(user=request.user, inschrijving=inschrijving),
    }
    return render(request, "assessment/werkproces.html", context)


def _scores_form(beoordeling: Beoordeling, data, *, voorschrift, editable: bool) -> ScoresForm:
    scores = list(beoordeling.scores.all())
    initial = {"version": beoordeling.version, "feedback": beoordeling.feedback}
    for score in scores:
        initial[f"waarde_{score.criterium_id}"] = score.waarde
        initial[f"opmerking_{score.criterium_id}"] = score.opmerking
    return ScoresForm(
        data,
        initial=initial,
        scale=rules.get_scale(voorschrift.schaal),
        criteria=[s.criterium for s in scores],
        disabled=not editable,
    )


@require_http_methods(["GET", "POST"])
@login_required
def beoordeling(request: HttpRequest, pk: int) -> HttpResponse:
    beoordeling = selectors.beoordeling_detail(user=request.user, pk=pk)
    if beoordeling is None:
        raise Http404(_("Deze beoordeling bestaat niet."))
    editable = beoordeling.status == Beoordeling.Status.CONCEPT and beoordeling.beoordelaar_id == request.user.pk
    voorschrift = selectors.voorschrift_for(inschrijving=beoordeling.inschrijving)
    form = _scores_form(beoordeling, request.POST or None, voorschrift=voorschrift, editable=editable)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            version = form.cleaned_data["version"]
            try:
                services.beoordeling_save(
                    beoordeling=beoordeling,
                    by=request.user,
                    expected_version=version,
                    scores=form.scores(),
                    feedback=form.cleaned_data["feedback"],
                )
                if request.POST.get("action") == "submit":
                    services.beoordeling_submit(beoordeling=beoordeling, by=request.user, expected_version=version + 1)
                    messages.success(request, _("Beoordeling ingediend."))
                else:
                    messages.success(request, _("Concept opgeslagen."))
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                if isinstance(exc, services.StaleWrite):
                    status = 409  # somebody saved in between: nothing of theirs or ours is lost
            else:
                return redirect("assessment:beoordeling", pk=beoordeling.pk)
    context = {
        "beoordeling": beoordeling,
        "form": form,
        "scale": rules.get_scale(voorschrift.schaal),
        "evidence": selectors.evidence_per_criterium(
            inschrijving=beoordeling.inschrijving, werkproces=beoordeling.werkproces
        ),
        "editable": editable,
        "kritisch": selectors.werkproces_rule(voorschrift).kritisch,
    }
    return render(request, "assessment/beoordeling.html", context, status=status)


def _poging_or_404(user, pk: int) -> Examenpoging:
    poging = selectors.poging_visible(user=user, pk=pk)
    if poging is None:
        raise Http404(_("Deze examenpoging bestaat niet."))
    return poging


@require_GET
@login_required
def poging(request: HttpRequest, pk: int) -> HttpResponse:
    poging = _poging_or_404(request.user, pk)
    context = selectors.poging_page(poging=poging, user=request.user)
    context["correctie_form"] = CorrectieForm()
    scale = context["scale"]
    context["propose_form"] = ScoresForm(
        initial={**context["settle_initial"], "version": poging.version},
        scale=scale,
        criteria=context["criteria"],
        with_remarks=False,
    )
    context["coordinator_form"] = ScoresForm(
        initial={**context["coordinator_initial"], "version": poging.version},
        scale=scale,
        criteria=context["criteria"],
        with_remarks=False,
    )
    context["start_form"] = StartForm(initial={"soort": Beoordeling.Soort.EXAMEN})
    return render(request, "assessment/poging.html", context)


@require_POST
@login_required
def poging_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    poging = _poging_or_404(request.user, pk)
    criteria = selectors.applicable_criteria(inschrijving=poging.inschrijving, werkproces=poging.werkproces)
    scale = rules.get_scale(selectors.voorschrift_for(inschrijving=poging.inschrijving).schaal)
    form = ScoresForm(request.POST, scale=scale, criteria=criteria, with_remarks=False)
    form.is_valid()
    scores = {k: v for k, (v, _opmerking) in form.scores().items()} if hasattr(form, "cleaned_data") else {}
    version = form.cleaned_data.get("version") or poging.version
    try:
        if action == "voorstellen":
            services.poging_propose(poging=poging, by=request.user, scores=scores, expected_version=version)
            done = _("Voorstel vastgelegd; de andere beoordelaar moet nog instemmen.")
        elif action == "instemmen":
            services.poging_accept(poging=poging, by=request.user, expected_version=version)
            done = _("Je stemt in; de uitslag is afgesproken.")
        elif action == "voorleggen":
            services.poging_voorleggen(poging=poging, by=request.user)
            done = _("Voorgelegd aan de coördinator.")
        elif action == "vaststellen":
            services.poging_vaststellen(poging=poging, by=request.user, scores=scores or None)
            done = _("Uitslag vastgesteld en feedback vrijgegeven aan de student.")
        elif action == "corrigeren":
            reden = CorrectieForm(request.POST)
            if not reden.is_valid():
                raise ApplicationError(_("Een correctie na vaststelling heeft een reden nodig."))
            services.poging_correct(poging=poging, by=request.user, scores=scores, reden=reden.cleaned_data["reden"])
            done = _("Correctie vastgelegd als nieuwe revisie.")
        elif action == "herkansing":
            nieuw = services.poging_herkansing(
                inschrijving=poging.inschrijving, werkproces=poging.werkproces, by=request.user
            )
            messages.success(request, _("Herkansing aangemaakt (poging %(n)d).") % {"n": nieuw.nummer})
            return redirect("assessment:werkproces", pk=poging.inschrijving_id, code=poging.werkproces.code)
        else:
            raise Http404()
    except PermissionDenied:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("assessment:poging", pk=poging.pk)


@require_http_methods(["GET", "POST"])
@login_required
def vaststellen(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Alleen coördinatoren stellen uitslagen vast."))
    if request.method == "POST":
        ids = [pk for x in request.POST.getlist("poging") if (pk := parse_id(x)) is not None][:500]
        if not ids:
            messages.error(request, _("Kies eerst de uitslagen die je wilt vaststellen."))
        else:
            done, refused = services.pogingen_vaststellen(poging_ids=ids, by=request.user)
            if done:
                messages.success(
                    request,
                    ngettext("%(n)d uitslag vastgesteld.", "%(n)d uitslagen vastgesteld.", len(done))
                    % {"n": len(done)},
                )
            for reason in refused:
                messages.error(request, reason)
        return redirect("assessment:vaststellen")
    q = clean_search(request.GET.get("q", ""))
    context = {"pogingen": selectors.vast_te_stellen(user=request.user, q=q)[:500], "q": q}
    return render(request, "assessment/vaststellen.html", context)


@require_GET
@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Released feedback per werkproces and criterion: formative once submitted, exam once vastgesteld."""
    inschrijving = _inschrijving_or_404(request.user, pk)
    beoordelingen = list(selectors.released_feedback(inschrijving=inschrijving))
    for beoordeling in beoordelingen:
        beoordeling.rows = selectors.feedback_rows(beoordeling=beoordeling)  # type: ignore[attr-defined]  # for the template
    return render(request, "assessment/feedback.html", {"inschrijving": inschrijving, "beoordelingen": beoordelingen})


@require_http_methods(["GET", "POST"])
@login_required
def voorschrift(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Alleen coördinatoren stellen het beoordelingsvoorschrift in."))
    cohort = cohort_list(user=request.user).select_related("dossier").filter(pk=cohort_pk).first()
    if cohort is None:
        raise Http404(_("Dit cohort bestaat niet."))
    versions = list(Beoordelingsvoorschrift.objects.filter(cohort=cohort).order_by("-versie"))
    instance = versions[0] if versions else Beoordelingsvoorschrift(cohort=cohort)
    uses = selectors.voorschrift_uses(instance)
    criteria = Criterium.objects.filter(werkproces__kerntaak__dossier=cohort.dossier).select_related("werkproces")
    form = VoorschriftForm(
        request.POST or None,
        instance=instance,
        criteria_queryset=criteria.order_by(
            "werkproces__kerntaak__volgorde", "werkproces__volgorde", "-soort", "volgorde"
        ),
    )
    if request.method == "POST" and form.is_valid():
        old_versie = instance.versie
        saved = services.voorschrift_save(form=form, by=request.user)
        if saved.versie > old_versie:
            messages.success(
                request,
                _("Versie %(versie)d van het voorschrift opgeslagen; die geldt voor uitslagen vanaf nu.")
                % {"versie": saved.versie},
            )
        else:
            messages.success(request, _("Beoordelingsvoorschrift opgeslagen."))
        return redirect("assessment:voorschrift", cohort_pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    context = {"cohort": cohort, "form": form, "uses": uses, "voorschrift": instance, "versions": versions}
    return render(request, "assessment/voorschrift.html", context, status=status)
