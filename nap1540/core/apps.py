from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nap1540.core"
    label = "core"
    verbose_name = "nap1540 core"
