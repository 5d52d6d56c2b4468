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
        matching = User._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in matching if u.has_usable_password() or u.awaiting_activation)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # Links start at the documented SITE_URL, not at whatever Host header the request came with.
        context = {**context, "site": settings.SITE_URL}
        super().send_mail(
            subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name
        )
