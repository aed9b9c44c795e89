from django.urls import path

import nap1540.core.http.converters  # noqa: F401 - the <fmt:> converter
from nap1540.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.reports, name="index"),
    path("plan/<int:pk>.<fmt:fmt>", views.report_plan, name="report_plan"),
    path("region/<str:code>.<fmt:fmt>", views.report_region, name="report_region"),
]
