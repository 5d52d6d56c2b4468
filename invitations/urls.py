from django.urls import path

from invitations import views

app_name = "invitations"

urlpatterns = [
    path("", views.start, name="start"),
    path("code/", views.code, name="code"),
    path("code/sturen/", views.code_send, name="code-send"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("uitgelogd/", views.logged_out, name="logged-out"),
    path("inschrijving/<id:pk>/", views.manage, name="manage"),
    path("<id:pk>/intrekken/", views.revoke, name="revoke"),
    path("link/<str:token>/", views.open_link, name="open"),
]
