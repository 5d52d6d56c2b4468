from django.urls import path

from diploma import views

app_name = "diploma"

urlpatterns = [
    path("examencommissie/", views.examencommissie, name="examencommissie"),
    path("cohort/<id:pk>/", views.cohort, name="cohort"),
    path("inschrijving/<id:pk>/", views.student, name="student"),
    path("inschrijving/<id:pk>/resultaten/", views.resultaten, name="resultaten"),
    path("cohort/<id:pk>/resultaten/import/", views.resultaten_import, name="resultaten-import"),
    path("rapporten/", views.reports, name="reports"),
    path("rapporten/<id:pk>/", views.report, name="report"),
    path("rapporten/<id:pk>/opnieuw/", views.report_retry, name="report-retry"),
    path("rapporten/<id:pk>/download/", views.report_download, name="report-download"),
]
