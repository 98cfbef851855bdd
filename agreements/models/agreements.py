"""Agreements, and the versioned templates their text is made from."""

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import TimeStamped
from base_portal import rules
from base_portal.files import DOCUMENT_VALIDATORS, PrivateUploadTo

from .bases import Party, TrainingBase


class AgreementTemplate(TimeStamped):
    """One version of the agreement's standard text, with ``{{ placeholder }}`` blanks.

    Versions are never edited: a change is a new version, so every agreement keeps the exact
    text it was made from.
    """

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(
        _("text"),
        help_text=_("Plain text. Lines starting with “## ” are headings; blanks are written as {{ placeholder }}."),
    )
    change_note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="unique_template_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class AgreementQuerySet(models.QuerySet["Agreement"]):
    """Date-based reads: what is in force, or about to end, on a given day."""

    def in_force_on(self, day: dt.date) -> "AgreementQuerySet":
        return self.filter(effective_from__lte=day, in_force_until__gte=day)

    def ending_within(self, day: dt.date, days: int) -> "AgreementQuerySet":
        """In force on ``day`` and reaching its last day within ``days`` days."""
        return self.in_force_on(day).filter(in_force_until__lte=day + dt.timedelta(days=days))


class Agreement(TimeStamped):
    """One three-year agreement for a base. A renewal is a new agreement linked to this one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed, not yet in force")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    class EndSource(models.TextChoices):
        RULE = "rule", _("Three years by the Civil Code rule")
        AS_SIGNED = "as_signed", _("As stated on the signed copy")

    class TerminationCause(models.TextChoices):
        BREACH = "breach", _("Breach by the other party")
        FORCE_MAJEURE = "force_majeure", _("Force majeure")
        MUTUAL = "mutual", _("Mutual agreement")

    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("base"))
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews agreement"),
    )
    template = models.ForeignKey(
        AgreementTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("template version"),
    )
    party_a_representative = models.CharField(_("Party A authorised representative"), max_length=100, blank=True)
    party_b_representative = models.CharField(_("Party B authorised representative"), max_length=100, blank=True)
    party_a_signed_on = models.DateField(_("Party A signed on"), null=True, blank=True)
    party_b_signed_on = models.DateField(_("Party B signed on"), null=True, blank=True)
    signed_outside_portal = models.BooleanField(_("signed on paper outside the portal"), default=False)
    signed_scan = models.FileField(
        _("scan of the signed copy"),
        upload_to=PrivateUploadTo("agreements"),
        validators=DOCUMENT_VALIDATORS,
        blank=True,
    )
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    ends_on_source = models.CharField(
        _("last day set by"), max_length=16, choices=EndSource.choices, default=EndSource.RULE
    )
    # The last day the agreement is actually in force: ``ends_on``, or the day before an early
    # termination takes effect. Kept by the services; date queries and the database's
    # one-agreement-in-force constraint read it.
    in_force_until = models.DateField(_("in force until"), null=True, blank=True, editable=False)
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
    terminated_on = models.DateField(
        _("terminated with effect from"),
        null=True,
        blank=True,
        help_text=_("The first day the agreement is no longer in force."),
    )
    terminated_by = models.CharField(_("terminated by"), max_length=1, choices=Party.choices, blank=True)
    termination_cause = models.CharField(
        _("cause of termination"), max_length=16, choices=TerminationCause.choices, blank=True
    )
    termination_reason = models.TextField(_("termination details"), blank=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["base", "-effective_from", "-created_at"]
        indexes = [models.Index(fields=["base", "effective_from", "in_force_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(copies__gte=rules.DEFAULT_AGREEMENT_COPIES),
                name="agreement_copies_at_least_default",
                violation_error_message=_("An agreement is made in at least four copies."),
            ),
            models.CheckConstraint(
                condition=Q(min_students_per_year__gte=1),
                name="agreement_min_students_positive",
                violation_error_message=_("The minimum number of students per year must be at least one."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("effective_from")),
                name="agreement_ends_after_start",
                violation_error_message=_("The last day must come after the day the agreement comes into force."),
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | (~Q(termination_cause="") & ~Q(terminated_by="")),
                name="agreement_termination_has_cause_and_party",
                violation_error_message=_("A termination records its cause and the party that ended the agreement."),
            ),
            # On PostgreSQL, migration 0003 adds an exclusion constraint: no two agreements of a
            # base with overlapping [effective_from, in_force_until] periods.
        ]

    def __str__(self) -> str:
        if self.effective_from and self.ends_on:
            return f"{self.base} ({self.effective_from:%Y-%m-%d} – {self.ends_on:%Y-%m-%d})"
        return f"{self.base} ({self.Status.DRAFT.label})"

    @property
    def is_signed(self) -> bool:
        return bool(self.party_a_signed_on and self.party_b_signed_on and self.effective_from)

    def status_on(self, day: dt.date) -> "Agreement.Status":
        """The status on ``day``, derived from dates and events so it never goes stale."""
        if not self.is_signed or self.effective_from is None or self.ends_on is None:
            return self.Status.DRAFT
        if self.terminated_on and self.terminated_on <= day:
            return self.Status.TERMINATED
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
