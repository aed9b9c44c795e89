from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "nap1540.assistance"
    label = "assistance"
