"""API tokens for university systems, and the record of deletions that incremental sync reads."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStamped


class Scope(models.TextChoices):
    """What a token may do, on top of what its account may do."""

    READ = "read", _("Read the records its account may see")
    WRITE_STUDENTS = "write_students", _("Create and update student records")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        """Not revoked, not expired, and its account still active."""
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class ApiToken(TimeStamped):
    """A credential a university system (or a person) uses on the API instead of a password.

    The key is shown once when the token is issued; only its SHA-256 digest is stored, beside a
    short prefix that finds the row. The token acts as its account: it reaches exactly the rows
    the account reaches in the pages, and its scopes can only narrow what the account may do.
    """

    name = models.CharField(_("client"), max_length=100, help_text=_("The system or person that uses this token."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as account"),
    )
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(_("key digest"), max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        permissions = [("revoke_apitoken", _("Can revoke API tokens"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [str(Scope(value).label) for value in self.scopes if value in Scope.values]

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired_on(self, day: dt.date) -> bool:
        return self.expires_on is not None and self.expires_on < day


class Tombstone(models.Model):
    """A synced record that was deleted, so incremental sync can delete it on the other side too."""

    resource = models.CharField(_("collection"), max_length=40, help_text=_("The API collection the record was in."))
    object_id = models.BigIntegerField(_("record id"))
    natural_key = models.CharField(
        _("natural key"), max_length=100, blank=True, help_text=_("The student number, for a student.")
    )
    base_id = models.BigIntegerField(
        _("base id"), null=True, blank=True, help_text=_("The base the record belonged to, when it had one.")
    )
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")
        ordering = ["deleted_at", "pk"]
        indexes = [models.Index(fields=["resource", "deleted_at"])]

    def __str__(self) -> str:
        return f"{self.resource}/{self.object_id}"
