from django.urls import path
from rest_framework.routers import DefaultRouter

from diploma.api import views

router = DefaultRouter()
router.register("rapporten", views.ReportViewSet, basename="rapport")

urlpatterns = [
    *router.urls,
    path(
        "inschrijvingen/<id:pk>/gereedheid/", views.InschrijvingReadinessView.as_view(), name="inschrijving-gereedheid"
    ),
    path("cohorten/<id:pk>/gereedheid/", views.CohortReadinessView.as_view(), name="cohort-gereedheid"),
]
