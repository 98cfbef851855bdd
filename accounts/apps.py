from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: object) -> None:
    from .roles import roles_sync

    # post_migrate fires once per app; permissions of later apps appear as their turn comes,
    # so earlier calls skip what does not exist yet and the last call sets every role whole.
    roles_sync(strict=False)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import access

        post_migrate.connect(_sync_roles, dispatch_uid="accounts.sync_roles")
        access.connect()
