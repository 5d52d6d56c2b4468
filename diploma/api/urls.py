from django.urls import path
from rest_framework.routers import DefaultRouter

from diploma.api import views

router = DefaultRouter()
router.register("rapporten", views.ReportViewSet, basename="rapport")

urlpatterns = [
    *router.urls,
    path(
        "inschrijvingen/<int:pk>/gereedheid/", views.InschrijvingReadinessView.as_view(), name="inschrijving-gereedheid"
    ),
    path("cohorten/<int:pk>/gereedheid/", views.CohortReadinessView.as_view(), name="cohort-gereedheid"),
]
