from django.urls import path

from nap1540.assistance import views

app_name = "assistance"
urlpatterns = [path("", views.index, name="index")]
