from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm

from accounts.models import User


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches accounts still waiting for activation.

    Django skips users without a usable password; an imported student who lost the activation mail has
    exactly that, and "Wachtwoord vergeten" must then work too. Other accounts without a usable password
    (disabled on purpose) stay skipped.
    """

    def get_users(self, email: str):
        # An invited praktijkbeoordelaar (alleen_uitnodiging) never gets a password: no reset mail either.
        matching = User._default_manager.filter(email__iexact=email, is_active=True, alleen_uitnodiging=False)
        return (u for u in matching if u.has_usable_password() or u.awaiting_activation)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # Links start at the documented SITE_URL, not at whatever Host header the request came with.
        context = {**context, "site": settings.SITE_URL}
        super().send_mail(
            subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name
        )


class ActivateTotpForm(ActivateTOTPForm):
    """allauth's TOTP set-up; a correct code is a fresh second factor, so the next page (the recovery codes)
    does not ask for a password again (an SSO user has none)."""

    def clean_code(self) -> str:
        code = super().clean_code()
        record_authentication(context.request, self.user, "mfa", type="totp", reauthenticated=True)
        return code
