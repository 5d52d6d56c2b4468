"""OOAPI v5 paths, as the specification writes them (no trailing slash), under /ooapi/v5/."""

from django.urls import path, re_path

from ooapi.api import views

app_name = "ooapi"

urlpatterns = [
    path("", views.ServiceView.as_view(), name="service"),
    path("persons", views.PersonListView.as_view(), name="persons"),
    path("persons/<str:person_id>", views.PersonView.as_view(), name="person"),
    path("persons/<str:person_id>/associations", views.PersonAssociationsView.as_view(), name="person-associations"),
    path("offerings", views.OfferingListView.as_view(), name="offerings"),
    path("offerings/<str:offering_id>", views.OfferingView.as_view(), name="offering"),
    path(
        "offerings/<str:offering_id>/associations",
        views.OfferingAssociationsView.as_view(),
        name="offering-associations",
    ),
    path("associations/<str:association_id>", views.AssociationView.as_view(), name="association"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
