"""Users, the organisations they belong to, and the university's colleges."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import validate_credit_code


class TimeStamped(models.Model):
    """Creation and last-change times, which incremental sync and audits rely on."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    """A party to agreements: the university (Party A) or an enterprise (Party B)."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        ENTERPRISE = "enterprise", _("Enterprise")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, the last one a check character."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="enterprise") | Q(credit_code__isnull=False),
                name="enterprise_has_credit_code",
                violation_error_message=_("An enterprise must have its unified social credit code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class College(TimeStamped):
    """A college (学院) of the university; college staff and students belong to one."""

    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="colleges",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
        verbose_name=_("university"),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("college")
        verbose_name_plural = _("colleges")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["university", "name"], name="unique_college_name")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login. Chinese names do not split into first and last, so the name is one field."""

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("college"),
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        # Scopes: which rows a role's reads reach. Each selector turns these into a filter.
        permissions = [
            ("view_all_records", _("Can see the records of every base and student")),
            ("view_college_records", _("Can see the records of the students of their college")),
            ("view_supervised_records", _("Can see the records of the students they supervise")),
            ("view_mentored_records", _("Can see the records of the students assigned to them as mentor")),
            ("view_own_records", _("Can see their own student record")),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username
