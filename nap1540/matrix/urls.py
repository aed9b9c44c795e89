from django.urls import path

from nap1540.matrix import views

app_name = "matrix"
urlpatterns = [path("", views.index, name="index")]
