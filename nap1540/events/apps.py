from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "nap1540.events"
    label = "events"
    verbose_name = _("Events and information notes")

    def ready(self) -> None:
        from nap1540.events import panels  # noqa: F401 - registers page sections and panels
