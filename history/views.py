from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import is_coordinator, is_examencommissie
from history.selectors import inschrijving_history
from portfolio.scope import coordinates, reads
from portfolio.selectors import inschrijving_list


@require_GET
@login_required
def inschrijving(request: HttpRequest, pk: int) -> HttpResponse:
    """A student's history, for the coordinators and the examencommissie of their opleiding (read only)."""
    if not (is_coordinator(request.user) or is_examencommissie(request.user)):
        raise PermissionDenied(_("Alleen coördinatoren en de examencommissie zien de geschiedenis van een student."))
    found = inschrijving_list(user=request.user).filter(pk=pk).first()
    if found is None or not reads(request.user, found):
        raise Http404(_("Deze inschrijving bestaat niet."))
    lines = inschrijving_history(inschrijving=found)
    context = {"inschrijving": found, "lines": lines, "may_manage": coordinates(request.user, found)}
    return render(request, "history/inschrijving.html", context)
