from django.urls import path

from nap1540.accounts import views

urlpatterns = [
    path("<str:kind>/<int:pk>/", views.sharing_page, name="sharing"),
]
