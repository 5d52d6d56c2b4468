from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from config import converters, views

converters.register()

api_v1 = [
    path("", include("dossier.api.urls")),
    path("", include("portfolio.api.urls")),
    path("", include("assessment.api.urls")),
    path("", include("diploma.api.urls")),
    path("", include("invitations.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("dossier/", include("dossier.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("beoordelen/", include("assessment.urls")),
    path("diploma/", include("diploma.urls")),
    path("geschiedenis/", include("history.urls")),
    path("uitnodiging/", include("invitations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("ooapi/v5/", include("ooapi.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="schema"), name="api-docs"),
    path("api/docs/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-swagger"),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
