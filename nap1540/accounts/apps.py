from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nap1540.accounts"
    label = "accounts"

    def ready(self) -> None:
        from nap1540.accounts import audit
        from nap1540.core.audit import register

        register(*audit.ACTIONS)
