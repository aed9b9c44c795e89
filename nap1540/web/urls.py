from django.urls import path

from nap1540.web import views

app_name = "web"
urlpatterns = [path("", views.dashboard, name="dashboard")]
