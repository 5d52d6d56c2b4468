from django.urls import path
from rest_framework.routers import DefaultRouter

from invitations.api import views

router = DefaultRouter()
router.register("uitnodigingen", views.UitnodigingViewSet, basename="uitnodiging")

urlpatterns = [
    path(
        "inschrijvingen/<id:pk>/uitnodigingen/",
        views.InschrijvingUitnodigingen.as_view(),
        name="inschrijving-uitnodigingen",
    ),
    *router.urls,
]
