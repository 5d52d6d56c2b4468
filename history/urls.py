from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("inschrijving/<id:pk>/", views.inschrijving, name="inschrijving"),
]
