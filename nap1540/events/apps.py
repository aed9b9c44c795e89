from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "nap1540.events"
    label = "events"
    verbose_name = _("Events and information notes")

    def ready(self) -> None:
        from nap1540.core.audit import register
        from nap1540.events import audit, panels  # noqa: F401 - panels registers page sections

        register(*audit.ACTIONS)
