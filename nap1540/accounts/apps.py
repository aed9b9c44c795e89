from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nap1540.accounts"
    label = "accounts"
