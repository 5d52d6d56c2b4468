from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/one-row/", views.one_row, name="bench-one-row"),
    path("", include("config.urls")),
]
