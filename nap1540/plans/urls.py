from django.urls import path

from nap1540.plans import views

app_name = "plans"
urlpatterns = [path("", views.index, name="index")]
