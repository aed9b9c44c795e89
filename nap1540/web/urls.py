from django.urls import path

from nap1540.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("document.css", views.document_css, name="document_css"),
]
