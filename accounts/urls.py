from django.urls import path

from accounts import views

# Before django.contrib.auth.urls in config/urls.py: these replace its password_reset.
urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("activeren/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
]
