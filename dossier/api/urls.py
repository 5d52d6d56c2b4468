from django.urls import path
from rest_framework.routers import DefaultRouter

from dossier.api import framework_views, views

router = DefaultRouter()
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("profielen", views.ProfielViewSet, basename="profiel")
router.register("kerntaken", views.KerntaakViewSet, basename="kerntaak")
router.register("werkprocessen", views.WerkprocesViewSet, basename="werkproces")

urlpatterns = router.urls
urlpatterns += [
    path("dossiers/<str:crebo>/framework/", framework_views.DossierFrameworkView.as_view(), name="dossier-framework"),
]
