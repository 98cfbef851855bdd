from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationConfig(AppConfig):
    """The university systems' side of the portal: API tokens, deletion records, API plumbing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "integration"
    verbose_name = _("University systems")

    def ready(self) -> None:
        from . import freshness, tombstones

        tombstones.connect()
        freshness.connect()
