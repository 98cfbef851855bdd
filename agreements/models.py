"""Joint training bases and the agreements they run under."""

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TimeStamped
from base_portal import rules


class Party(models.TextChoices):
    """The two parties of an agreement."""

    A = "A", _("Party A (university)")
    B = "B", _("Party B (enterprise)")


class TrainingBase(TimeStamped):
    """A joint training base (联合培养基地) an enterprise hosts for the university."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Being set up")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200, unique=True)
    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bases",
        limit_choices_to={"kind": Organisation.Kind.ENTERPRISE},
        verbose_name=_("enterprise (Party B)"),
    )
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_bases",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
        verbose_name=_("university (Party A)"),
    )
    office_department = models.CharField(
        _("office attached to"),
        max_length=100,
        blank=True,
        help_text=_("The enterprise department the base office is attached to."),
    )
    office_contact = models.CharField(_("office contact"), max_length=100, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        ordering = ["name"]
        permissions = [("manage_base", _("Can administer this base on behalf of the enterprise"))]

    def __str__(self) -> str:
        return self.name


class BaseUserObjectPermission(UserObjectPermissionBase):
    """Guardian's per-user grant on a base, with a real foreign key (fast joins, no generic IN lists)."""

    content_object = models.ForeignKey(TrainingBase, on_delete=models.CASCADE)


class BaseGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's per-group grant on a base."""

    content_object = models.ForeignKey(TrainingBase, on_delete=models.CASCADE)


class Agreement(TimeStamped):
    """One three-year agreement for a base. A renewal is a new agreement linked to this one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed, not yet in force")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("base"))
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews agreement"),
    )
    party_a_representative = models.CharField(_("Party A authorised representative"), max_length=100, blank=True)
    party_b_representative = models.CharField(_("Party B authorised representative"), max_length=100, blank=True)
    party_a_signed_on = models.DateField(_("Party A signed on"), null=True, blank=True)
    party_b_signed_on = models.DateField(_("Party B signed on"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    min_students_per_year = models.PositiveSmallIntegerField(
        _("minimum students per year"), default=1, validators=[MinValueValidator(1)]
    )
    remuneration_terms = models.TextField(_("remuneration of Party B staff"), blank=True)
    insurance_party = models.CharField(
        _("party buying accident insurance"), max_length=1, choices=Party.choices, default=Party.B
    )
    copies = models.PositiveSmallIntegerField(
        _("number of copies"),
        default=rules.DEFAULT_AGREEMENT_COPIES,
        validators=[MinValueValidator(rules.DEFAULT_AGREEMENT_COPIES)],
    )
    supplementary_clauses = models.TextField(_("supplementary clauses"), blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("termination reason"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["base", "-effective_from", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(copies__gte=rules.DEFAULT_AGREEMENT_COPIES),
                name="agreement_copies_at_least_default",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("effective_from")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        if self.effective_from:
            return f"{self.base} ({self.effective_from:%Y-%m-%d} – {self.ends_on:%Y-%m-%d})"
        return f"{self.base} ({self.get_status_display()})"

    def status_on(self, day: dt.date) -> "Agreement.Status":
        """The status on ``day``, derived from dates and events so it never goes stale."""
        if self.terminated_on and self.terminated_on <= day:
            return self.Status.TERMINATED
        if not (self.party_a_signed_on and self.party_b_signed_on and self.effective_from and self.ends_on):
            return self.Status.DRAFT
        if day < self.effective_from:
            return self.Status.SIGNED
        if day > self.ends_on:
            return self.Status.EXPIRED
        return self.Status.IN_FORCE

    @property
    def status(self) -> "Agreement.Status":
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
