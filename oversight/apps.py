from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Where the agreement's duties are met and where not: compliance, dashboards, the evaluation report."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from . import cache

        cache.connect()
