"""Pages of invitations: the coordinator invites and revokes; the invited assessor opens the link, gets a code
and works from a start page for their one student (invitations.scope keeps them there)."""

from typing import cast

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from config.errors import ApplicationError
from invitations import selectors, services
from invitations.forms import CodeForm, UitnodigingForm
from invitations.middleware import SESSION_KEY, refusal
from invitations.models import Uitnodiging
from portfolio.models import Beoordelaarstoewijzing, Inschrijving
from portfolio.scope import coordinates
from portfolio.selectors import inschrijving_list

PENDING_KEY = "invitations.pending"


# -- the coordinator ------------------------------------------------------------------------------------


def _managed_inschrijving(user, pk: int) -> Inschrijving:
    inschrijving = inschrijving_list(user=user).filter(pk=pk).first()
    if inschrijving is None:
        raise Http404(_("Deze inschrijving bestaat niet."))
    if not coordinates(user, inschrijving):
        raise PermissionDenied(_("Alleen de coördinator van deze opleiding nodigt praktijkbeoordelaars uit."))
    return inschrijving


@require_http_methods(["GET", "POST"])
@login_required
def manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inschrijving = _managed_inschrijving(request.user, pk)
    form = UitnodigingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                uitnodiging = services.uitnodiging_create(
                    inschrijving=inschrijving, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Uitnodiging verstuurd naar %(email)s; de link werkt tot %(datum)s.")
                    % {"email": uitnodiging.email, "datum": _date(uitnodiging.expires_at)},
                )
                return redirect("invitations:manage", pk=inschrijving.pk)
        status = 400
    praktijk = [
        t.beoordelaar
        for t in inschrijving.toewijzingen.select_related("beoordelaar")
        if t.rol == Beoordelaarstoewijzing.Rol.PRAKTIJK
    ]
    context = {
        "inschrijving": inschrijving,
        "form": form,
        "uitnodigingen": selectors.uitnodiging_list(inschrijving=inschrijving)[:50],
        "praktijk": praktijk,
    }
    return render(request, "invitations/manage.html", context, status=status)


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


@require_POST
@login_required
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    uitnodiging = selectors.uitnodiging_coordinated(user=request.user).filter(pk=pk).first()
    if uitnodiging is None:
        raise Http404(_("Deze uitnodiging bestaat niet."))
    try:
        services.uitnodiging_revoke(uitnodiging=uitnodiging, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("De uitnodiging van %(naam)s is ingetrokken; de link werkt niet meer.") % {"naam": uitnodiging.naam},
        )
    return redirect("invitations:manage", pk=uitnodiging.inschrijving_id)


# -- the invited assessor -------------------------------------------------------------------------------


@never_cache
@require_GET
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail. The token is kept in the session, not in the next URL, so it never reaches a
    Referer header or the browser history beyond this one request."""
    uitnodiging = selectors.uitnodiging_by_token(token=token)
    if uitnodiging is None:
        return refusal(request, _("Deze link kennen we niet. Gebruik de link uit je uitnodigingsmail."), status=404)
    if not uitnodiging.is_valid:
        services.uitnodiging_refused(uitnodiging=uitnodiging, where="link")
        return refusal(
            request,
            _("Deze uitnodiging is ingetrokken of verlopen. Vraag de coördinator om een nieuwe uitnodiging."),
            status=410,
            ended=True,
        )
    current = getattr(request, "uitnodiging", None)
    if current is not None and current.pk == uitnodiging.pk:
        return redirect("invitations:start")
    services.uitnodiging_link_opened(uitnodiging=uitnodiging)
    request.session[PENDING_KEY] = uitnodiging.pk
    return redirect("invitations:code")


def _pending(request: HttpRequest) -> Uitnodiging | None:
    pk = request.session.get(PENDING_KEY)
    return Uitnodiging.objects.select_related("inschrijving__student").filter(pk=pk).first() if pk else None


def _no_pending(request: HttpRequest) -> HttpResponse:
    return refusal(request, _("Open eerst de link uit je uitnodigingsmail."), status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    uitnodiging = _pending(request)
    if uitnodiging is None:
        return _no_pending(request)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.code_verify(uitnodiging=uitnodiging, code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form.add_error("code", exc.message)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                request.session.pop(PENDING_KEY, None)
                request.session[SESSION_KEY] = uitnodiging.pk
                return redirect("invitations:start")
        status = 400
    context = {
        "uitnodiging": uitnodiging,
        "form": form,
        "code_sent": uitnodiging.codes.exists(),
        "email": _masked(uitnodiging.email),
    }
    return render(request, "invitations/code.html", context, status=status)


def _masked(email: str) -> str:
    """p••••@bedrijf.nl: enough to recognise the address on a shared screen, not to learn it."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 3)}@{domain}"


@require_POST
def code_send(request: HttpRequest) -> HttpResponse:
    uitnodiging = _pending(request)
    if uitnodiging is None:
        return _no_pending(request)
    try:
        services.code_request(uitnodiging=uitnodiging)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("We hebben een code gestuurd naar %(email)s.") % {"email": _masked(uitnodiging.email)}
        )
    return redirect("invitations:code")


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    uitnodiging = getattr(request, "uitnodiging", None)
    if uitnodiging is None:
        if request.user.is_authenticated:
            return redirect("home")
        return _no_pending(request)
    context = {"uitnodiging": uitnodiging, **selectors.start_page(uitnodiging=uitnodiging)}
    return render(request, "invitations/start.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    uitnodiging = getattr(request, "uitnodiging", None)
    if uitnodiging is not None:
        # the middleware sets uitnodiging only for a logged-in user
        services.uitnodiging_logged_out(uitnodiging=uitnodiging, door=cast(User, request.user))
    logout(request)
    return redirect("invitations:logged-out")


@require_GET
def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/logged_out.html")
