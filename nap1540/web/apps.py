from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nap1540.web"
    label = "web"

    def ready(self) -> None:
        from nap1540.web import panels  # noqa: F401 - registers the visitor's home panel
