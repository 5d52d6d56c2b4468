"""Account mails, rendered from templates/emails and sent by Celery workers; links start at SITE_URL."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.activation import activation_token
from accounts.models import User


def activation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("activate", kwargs={"uidb64": uid, "token": activation_token.make_token(user)})


def mail_activation(*, user_id: int) -> bool:
    """Sends the activation link; False when the account no longer waits (activated, gone, no address)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email or not user.awaiting_activation:
        return False
    days = settings.ACTIVATION_TIMEOUT // (24 * 3600)
    context = {"user": user, "link": activation_link(user), "days": days, "site": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            render_to_string("emails/activatie-subject.txt", context).strip(),
            render_to_string("emails/activatie-body.txt", context),
            None,
            [user.email],
        )
    User.objects.filter(pk=user.pk).update(activatie_verstuurd=timezone.now())
    return True
