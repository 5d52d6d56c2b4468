from django.urls import re_path
from rest_framework.routers import DefaultRouter

from dossier.api import framework_views, views

router = DefaultRouter()
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("profielen", views.ProfielViewSet, basename="profiel")
router.register("kerntaken", views.KerntaakViewSet, basename="kerntaak")
router.register("werkprocessen", views.WerkprocesViewSet, basename="werkproces")

urlpatterns = router.urls
urlpatterns += [
    re_path(
        r"^dossiers/(?P<crebo>[0-9]{1,18})/framework/$",
        framework_views.DossierFrameworkView.as_view(),
        name="dossier-framework",
    ),
]
