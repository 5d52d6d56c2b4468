from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.activation import activation_token
from accounts.forms import PortalPasswordResetForm
from accounts.models import User


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm


class ActivateView(auth_views.PasswordResetConfirmView):
    """The activation link: choose a password once, then log in with it."""

    token_generator = activation_token
    template_name = "registration/activate.html"
    success_url = reverse_lazy("login")
    reset_url_token = "kies-wachtwoord"  # noqa: S105 - the placeholder in the URL, not a secret

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Je account is actief. Log in met je gebruikersnaam %(naam)s.")
            % {"naam": cast(User, self.user).username},  # form_valid runs only for a valid link, so a user
        )
        return response
