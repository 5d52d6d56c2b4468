from rest_framework.routers import DefaultRouter

from assessment.api import views

router = DefaultRouter()
router.register("beoordelingen", views.BeoordelingViewSet, basename="beoordeling")

urlpatterns = router.urls
