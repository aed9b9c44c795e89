from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nap1540.web"
    label = "web"
