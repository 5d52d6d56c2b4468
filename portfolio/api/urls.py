from rest_framework.routers import DefaultRouter

from portfolio.api import views

router = DefaultRouter()
router.register("inschrijvingen", views.InschrijvingViewSet, basename="inschrijving")
router.register("bewijsstukken", views.BewijsstukViewSet, basename="bewijsstuk")

urlpatterns = router.urls
