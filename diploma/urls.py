from django.urls import path

from diploma import views

app_name = "diploma"

urlpatterns = [
    path("cohort/<int:pk>/", views.cohort, name="cohort"),
    path("inschrijving/<int:pk>/", views.student, name="student"),
    path("inschrijving/<int:pk>/resultaten/", views.resultaten, name="resultaten"),
    path("cohort/<int:pk>/resultaten/import/", views.resultaten_import, name="resultaten-import"),
    path("rapporten/", views.reports, name="reports"),
    path("rapporten/<int:pk>/", views.report, name="report"),
    path("rapporten/<int:pk>/opnieuw/", views.report_retry, name="report-retry"),
    path("rapporten/<int:pk>/download/", views.report_download, name="report-download"),
]
