from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("vaststellen/", views.vaststellen, name="vaststellen"),
    path("feedback/<id:pk>/", views.feedback, name="feedback"),
    path("voorschrift/<id:cohort_pk>/", views.voorschrift, name="voorschrift"),
    path("<id:pk>/werkproces/<str:code>/", views.werkproces, name="werkproces"),
    path("beoordeling/<id:pk>/", views.beoordeling, name="beoordeling"),
    path("poging/<id:pk>/", views.poging, name="poging"),
    path("poging/<id:pk>/<str:action>/", views.poging_action, name="poging-action"),
]
