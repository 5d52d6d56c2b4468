from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("vaststellen/", views.vaststellen, name="vaststellen"),
    path("feedback/<int:pk>/", views.feedback, name="feedback"),
    path("voorschrift/<int:cohort_pk>/", views.voorschrift, name="voorschrift"),
    path("<int:pk>/werkproces/<str:code>/", views.werkproces, name="werkproces"),
    path("beoordeling/<int:pk>/", views.beoordeling, name="beoordeling"),
    path("poging/<int:pk>/", views.poging, name="poging"),
    path("poging/<int:pk>/<str:action>/", views.poging_action, name="poging-action"),
]
