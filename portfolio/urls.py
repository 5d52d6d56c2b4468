from django.urls import path

from portfolio import beheer_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.home, name="home"),
    path("studenten/", views.studenten, name="studenten"),
    path("<id:pk>/", views.dashboard, name="dashboard"),
    path("<id:pk>/werkproces/<str:code>/", views.werkproces, name="werkproces"),
    path("<id:pk>/werkproces/<str:code>/nieuw/", views.bewijsstuk_new, name="bewijsstuk-new"),
    path("bewijsstukken/<id:pk>/", views.bewijsstuk_detail, name="bewijsstuk"),
    path("bewijsstukken/<id:pk>/bewerken/", views.bewijsstuk_edit, name="bewijsstuk-edit"),
    path("bewijsstukken/<id:pk>/<str:action>/", views.bewijsstuk_action, name="bewijsstuk-action"),
    path("bestanden/<id:pk>/", views.bestand_download, name="bestand"),
    path("beheer/cohorten/", beheer_views.cohorten, name="cohorten"),
    path("beheer/cohorten/<id:pk>/", beheer_views.cohort, name="cohort"),
    path("beheer/cohorten/<id:pk>/inschrijvingen/nieuw/", beheer_views.inschrijving_new, name="inschrijving-new"),
    path("beheer/cohorten/<id:pk>/versie/", beheer_views.cohort_versie, name="cohort-versie"),
    path("beheer/inschrijvingen/<id:pk>/versie/", beheer_views.inschrijving_versie, name="inschrijving-versie"),
    path("beheer/inschrijvingen/<id:pk>/activatie/", beheer_views.activatie_opnieuw, name="activatie-opnieuw"),
    path(
        "beheer/cohorten/<id:pk>/inschrijvingen/import/",
        beheer_views.inschrijvingen_import,
        name="inschrijvingen-import",
    ),
    path("beheer/imports/<id:pk>/", beheer_views.import_job, name="import-job"),
]
