"""django-allauth adapters: no self-service sign-up, and SSO logins land on the school's existing accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts.mfa import has_mfa
from accounts.selectors import sso_user_match


def sso_claims(sociallogin) -> dict:
    """The ID token's claims, completed by the userinfo endpoint's."""
    data = sociallogin.account.extra_data or {}
    return {**data.get("id_token", {}), **data.get("userinfo", {})}


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A first second factor right after login needs no password again (there is nothing to take over
        yet, and an SSO user has no portal password); changing or removing one does (accounts.forms)."""
        user = getattr(self.request, "user", None)
        if app.endswith("mfa") and user is not None and user.is_authenticated and not has_mfa(user):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """Link a first SSO login to the account it belongs to; refuse it when there is none, never create one."""
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                raise ImmediateHttpResponse(render(request, "account/sso_refused.html", status=403))
            return
        user = sso_user_match(sso_claims(sociallogin))
        if user is None:
            raise ImmediateHttpResponse(render(request, "account/sso_refused.html", status=403))
        sociallogin.connect(request, user)
