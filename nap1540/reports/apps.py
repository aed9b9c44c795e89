from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "nap1540.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from nap1540.reports import panels  # noqa: F401 - registers the region page's section
