from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from config.converters import parse_id
from config.errors import ApplicationError
from dossier import selectors
from dossier.models import Kwalificatiedossier, Profiel
from portfolio.selectors import profiel_of_student


class _DossierRequest(HttpRequest):
    """What these pages keep on the request once looked up (an annotation: the attributes start unset)."""

    _own_profiel: Profiel | None
    _dossier_versions: list[Kwalificatiedossier]


def _own_profiel(request: _DossierRequest) -> Profiel | None:
    if not hasattr(request, "_own_profiel"):
        request._own_profiel = profiel_of_student(request.user)
    return request._own_profiel


def _dossier_or_404(request: _DossierRequest, crebo: str) -> Kwalificatiedossier:
    """The version asked for (?versie=2), else the student's own version, else the latest."""
    versions = list(selectors.dossier_versions(crebo=crebo))
    asked = request.GET.get("versie", "")
    volgnummer = parse_id(asked, max_digits=4)
    if volgnummer is None:
        own = _own_profiel(request)
        if own is not None and own.dossier.crebo == crebo:
            volgnummer = own.dossier.volgnummer
    dossier = next((v for v in versions if volgnummer in (None, v.volgnummer)), None)
    if dossier is None:
        raise Http404(_("Dit kwalificatiedossier (of deze versie ervan) bestaat niet."))
    request._dossier_versions = versions
    return dossier


def _query(versions: list[Kwalificatiedossier], dossier: Kwalificatiedossier, profiel: Profiel | None) -> str:
    """The query string that keeps the shown version and profiel on every link of these pages."""
    params: dict[str, str | int] = {}
    if _is_older(versions, dossier):
        params["versie"] = dossier.volgnummer
    if profiel is not None:
        params["profiel"] = profiel.code
    return f"?{urlencode(params)}" if params else ""


def _is_older(versions: list[Kwalificatiedossier], dossier: Kwalificatiedossier) -> bool:
    return bool(versions) and versions[0].pk != dossier.pk


def _chosen_profiel(request: _DossierRequest, dossier: Kwalificatiedossier) -> tuple[Profiel | None, str | None]:
    """?profiel=P3 chooses a profiel, ?profiel= (empty) shows all; a student starts on their own."""
    if "profiel" not in request.GET:
        own = _own_profiel(request)
        return (own if own and own.dossier_id == dossier.pk else None), None
    code = request.GET["profiel"]
    if not code:
        return None, None
    try:
        return selectors.profiel_resolve(code=code, dossier=dossier), None
    except ApplicationError as exc:
        return None, exc.message


def _render(request: HttpRequest, template: str, context: dict, error: str | None) -> HttpResponse:
    dossier = context["dossier"]
    versions = getattr(request, "_dossier_versions", None) or list(selectors.dossier_versions(crebo=dossier.crebo))
    context = {
        **context,
        "profiel_error": error,
        "query": _query(versions, dossier, context.get("profiel")),
        "older_version": _is_older(versions, dossier),
        "versions": versions,
    }
    return render(request, template, context, status=400 if error else 200)


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    dossiers = list(selectors.dossier_list())
    if len(dossiers) == 1:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(f"{dossiers[0].get_absolute_url()}{query}")
    return render(request, "dossier/overview.html", {"dossiers": dossiers})


@require_GET
@login_required
def dossier_detail(request: _DossierRequest, crebo: str) -> HttpResponse:
    dossier = _dossier_or_404(request, crebo)
    profiel, error = _chosen_profiel(request, dossier)
    kerntaken = list(selectors.kerntaak_list(dossier=dossier, profiel=profiel))
    profielen = list(dossier.profielen.all())
    basis = [k for k in kerntaken if k.profiel_id is None]
    per_profiel = [(p, [k for k in kerntaken if k.profiel_id == p.pk]) for p in profielen]
    if profiel is not None:
        per_profiel = [(p, ks) for p, ks in per_profiel if p.pk == profiel.pk]
    context = {
        "dossier": dossier,
        "profielen": profielen,
        "profiel": profiel,
        "basis": basis,
        "per_profiel": per_profiel,
        "generiek": list(dossier.generieke_onderdelen.all()),
    }
    return _render(request, "dossier/dossier.html", context, error)


@require_GET
@login_required
def kerntaak_detail(request: _DossierRequest, crebo: str, code: str) -> HttpResponse:
    dossier = _dossier_or_404(request, crebo)
    profiel, error = _chosen_profiel(request, dossier)
    kerntaak = selectors.kerntaak_detail(dossier=dossier, code=code, profiel=profiel)
    if kerntaak is None:
        if profiel is not None and selectors.kerntaak_detail(dossier=dossier, code=code) is not None:
            return _not_for_profiel(request, dossier, profiel, code)
        raise Http404(_("Deze kerntaak bestaat niet."))
    context = {
        "dossier": dossier,
        "profielen": list(dossier.profielen.all()),
        "profiel": profiel,
        "kerntaak": kerntaak,
    }
    return _render(request, "dossier/kerntaak.html", context, error)


@require_GET
@login_required
def werkproces_detail(request: _DossierRequest, crebo: str, code: str) -> HttpResponse:
    dossier = _dossier_or_404(request, crebo)
    profiel, error = _chosen_profiel(request, dossier)
    werkproces = selectors.werkproces_detail(dossier=dossier, code=code, profiel=profiel)
    if werkproces is None:
        if profiel is not None and selectors.werkproces_detail(dossier=dossier, code=code) is not None:
            return _not_for_profiel(request, dossier, profiel, code)
        raise Http404(_("Dit werkproces bestaat niet."))
    criteria = list(werkproces.criteria.all())
    context = {
        "dossier": dossier,
        "profielen": list(dossier.profielen.all()),
        "profiel": profiel,
        "werkproces": werkproces,
        "kerntaak": werkproces.kerntaak,
        "resultaat": [c for c in criteria if c.soort == "resultaat"],
        "gedrag": [c for c in criteria if c.soort == "gedrag"],
        "competenties": list(werkproces.competenties.all()),
        "aanvullingen": list(werkproces.aanvullingen.all()),
    }
    return _render(request, "dossier/werkproces.html", context, error)


def _not_for_profiel(request: HttpRequest, dossier: Kwalificatiedossier, profiel: Profiel, code: str) -> HttpResponse:
    context = {
        "dossier": dossier,
        "profielen": list(dossier.profielen.all()),
        "profiel": profiel,
        "code": code,
    }
    return render(request, "dossier/not_for_profiel.html", context, status=404)
