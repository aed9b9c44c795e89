from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from nap1540.accounts.views import LoginView
from nap1540.web import views as web_views

urlpatterns = [
    path("", include("nap1540.web.urls")),
    path("", include("nap1540.registry.urls")),
    path("matrix/", include("nap1540.matrix.urls")),
    path("plans/", include("nap1540.plans.urls")),
    path("assistance/", include("nap1540.assistance.urls")),
    path("events/", include("nap1540.events.urls")),
    path("reports/", include("nap1540.reports.urls")),
    path("sharing/", include("nap1540.accounts.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    # Before the admin's own "view on site", which would follow links to any record.
    path("admin/r/<int:content_type_id>/<path:object_id>/", web_views.view_on_site),
    path("admin/", admin.site.urls),
]
