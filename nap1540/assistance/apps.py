from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "nap1540.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def ready(self) -> None:
        from nap1540.assistance import sections  # noqa: F401 - registers the page sections
