from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatrixConfig(AppConfig):
    name = "nap1540.matrix"
    label = "matrix"
    verbose_name = _("Matrix")

    def ready(self) -> None:
        from nap1540.core.audit import register
        from nap1540.matrix import audit, panels, sections  # noqa: F401 - they register sections

        register(*audit.ACTIONS)
