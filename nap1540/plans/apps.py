from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nap1540.plans"
    label = "plans"

    def ready(self) -> None:
        from nap1540.core.audit import register
        from nap1540.plans import audit, panels  # noqa: F401 - panels registers the State section

        register(*audit.ACTIONS)
