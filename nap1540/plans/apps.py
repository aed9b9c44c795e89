from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "nap1540.plans"
    label = "plans"
