"""People who sign in to the portal: the user model and the invitation flow."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracekei.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # The portal's deployment checks live beside the settings they check.
        from tracekei import checks  # noqa: F401
