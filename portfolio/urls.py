from django.urls import path

from portfolio import beheer_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.home, name="home"),
    path("studenten/", views.studenten, name="studenten"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/werkproces/<str:code>/", views.werkproces, name="werkproces"),
    path("<int:pk>/werkproces/<str:code>/nieuw/", views.bewijsstuk_new, name="bewijsstuk-new"),
    path("bewijsstukken/<int:pk>/", views.bewijsstuk_detail, name="bewijsstuk"),
    path("bewijsstukken/<int:pk>/bewerken/", views.bewijsstuk_edit, name="bewijsstuk-edit"),
    path("bewijsstukken/<int:pk>/<str:action>/", views.bewijsstuk_action, name="bewijsstuk-action"),
    path("bestanden/<int:pk>/", views.bestand_download, name="bestand"),
    path("beheer/cohorten/", beheer_views.cohorten, name="cohorten"),
    path("beheer/cohorten/<int:pk>/", beheer_views.cohort, name="cohort"),
    path("beheer/cohorten/<int:pk>/inschrijvingen/nieuw/", beheer_views.inschrijving_new, name="inschrijving-new"),
    path("beheer/cohorten/<int:pk>/versie/", beheer_views.cohort_versie, name="cohort-versie"),
    path("beheer/inschrijvingen/<int:pk>/versie/", beheer_views.inschrijving_versie, name="inschrijving-versie"),
    path(
        "beheer/cohorten/<int:pk>/inschrijvingen/import/",
        beheer_views.inschrijvingen_import,
        name="inschrijvingen-import",
    ),
    path("beheer/imports/<int:pk>/", beheer_views.import_job, name="import-job"),
]
