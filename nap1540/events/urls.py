from django.urls import path

from nap1540.events import views

app_name = "events"
urlpatterns = [path("", views.index, name="index")]
