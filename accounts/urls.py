from django.urls import path
from django.views.generic.base import RedirectView

from accounts import views

# Before django-allauth's and django.contrib.auth's URLs in config/urls.py. allauth logs in (password, SSO,
# MFA); the password reset, the activation and the password change stay Django's own views, and allauth's
# self-service pages that a school does not want (sign-up, e-mail addresses, linking other identities) lead home.
urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("activeren/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
    path("password/reset/", RedirectView.as_view(pattern_name="password_reset")),
    path("password/change/", RedirectView.as_view(pattern_name="password_change")),
    path("password/set/", RedirectView.as_view(pattern_name="password_change")),
    path("signup/", RedirectView.as_view(pattern_name="login")),
    path("email/", RedirectView.as_view(pattern_name="home")),
    path("3rdparty/", RedirectView.as_view(pattern_name="home")),
]
