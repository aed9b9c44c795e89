from django.urls import path

from nap1540.registry import views

app_name = "registry"
urlpatterns = [
    path("states/", views.state_list, name="states"),
    path("states/<str:iso3>/", views.state_detail, name="state"),
    path("states/<str:iso3>/contacts/new/", views.contact_create, name="contact_create"),
    path("states/<str:iso3>/agencies/new/", views.agency_edit, name="agency_create"),
    path("states/<str:iso3>/agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("regions/", views.region_list, name="regions"),
    path("regions/<str:code>/", views.region_detail, name="region"),
]
