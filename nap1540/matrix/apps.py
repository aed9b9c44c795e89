from django.apps import AppConfig


class MatrixConfig(AppConfig):
    name = "nap1540.matrix"
    label = "matrix"

    def ready(self) -> None:
        from nap1540.core.audit import register
        from nap1540.matrix import audit, sections  # noqa: F401 - sections registers page sections

        register(*audit.ACTIONS)
