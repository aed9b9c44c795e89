from django.apps import AppConfig


class MatrixConfig(AppConfig):
    name = "nap1540.matrix"
    label = "matrix"

    def ready(self) -> None:
        from nap1540.matrix import sections  # noqa: F401 - registers page sections
