from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nap1540.registry"
    label = "registry"

    def ready(self) -> None:
        from nap1540.core.audit import register
        from nap1540.registry import audit

        register(*audit.ACTIONS)
