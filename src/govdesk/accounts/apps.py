from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govdesk.accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from govdesk.accounts import security  # noqa: F401  (login records)
