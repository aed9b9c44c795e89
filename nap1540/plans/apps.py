from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nap1540.plans"
    label = "plans"

    def ready(self) -> None:
        from nap1540.plans import panels  # noqa: F401 - registers the State section and panel
