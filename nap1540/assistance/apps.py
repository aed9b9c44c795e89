from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "nap1540.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def ready(self) -> None:
        from nap1540.assistance import audit, sections  # noqa: F401 - sections registers them
        from nap1540.assistance.matching_adapter import connect_reference_signals
        from nap1540.core.audit import register

        register(*audit.ACTIONS)
        connect_reference_signals()
