"""Accounts made without a password (imported students) are activated by a one-time, time-limited link.

The token is Django's password-reset token under its own salt: it signs the password hash and the last login,
so it stops working once the password is set; ACTIVATION_TIMEOUT (seconds) bounds its age.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "dossierportaal.accounts.activation"

    def check_token(self, user, token) -> bool:
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.ACTIVATION_TIMEOUT:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


activation_token = ActivationTokenGenerator()
