from django.urls import path

from dossier import views

app_name = "dossier"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:crebo>/", views.dossier_detail, name="detail"),
    path("<str:crebo>/kerntaak/<str:code>/", views.kerntaak_detail, name="kerntaak"),
    path("<str:crebo>/werkproces/<str:code>/", views.werkproces_detail, name="werkproces"),
]
