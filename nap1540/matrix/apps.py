from django.apps import AppConfig


class MatrixConfig(AppConfig):
    name = "nap1540.matrix"
    label = "matrix"
