from django.urls import path

from dossier import framework_views, views
from dossier.import_views import dossier_import_confirm, dossier_import_page

app_name = "dossier"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", dossier_import_page, name="import"),
    path("import/bevestigen/", dossier_import_confirm, name="import_confirm"),
    path("<str:crebo>/", views.dossier_detail, name="detail"),
    path("<str:crebo>/kerntaak/<str:code>/", views.kerntaak_detail, name="kerntaak"),
    path("<str:crebo>/werkproces/<str:code>/", views.werkproces_detail, name="werkproces"),
    path("<str:crebo>/export/", framework_views.framework_export, name="framework-export"),
]
