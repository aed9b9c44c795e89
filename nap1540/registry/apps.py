from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nap1540.registry"
    label = "registry"
