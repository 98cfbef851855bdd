"""Monthly assessments by Party B and the living allowance paid on their result."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import TimeStamped
from agreements.models import TrainingBase
from base_portal import rules
from base_portal.choices import FourLevelGrade
from base_portal.files import DOCUMENT_VALIDATORS, PrivateUploadTo
from students.models import Placement, Student


class AllowancePolicy(TimeStamped):
    """A base's monthly living allowance for one degree level, from a date on."""

    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="allowance_policies", verbose_name=_("base")
    )
    degree_level = models.CharField(_("degree level"), max_length=16, choices=Student.DegreeLevel.choices)
    effective_from = models.DateField(_("applies from"))
    base_amount = models.DecimalField(_("monthly amount (CNY)"), max_digits=10, decimal_places=2)
    excellent_bonus = models.DecimalField(
        _("extra for an excellent month (CNY)"),
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        max_digits=10,
        decimal_places=2,
    )
    failed_amount = models.DecimalField(
        _("amount for a failed month (CNY)"),
        validators=[MinValueValidator(0)],
        help_text=_("A failed month may be paid less than the floor; the reason is recorded on the payment."),
        max_digits=10,
        decimal_places=2,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance policy")
        verbose_name_plural = _("allowance policies")
        ordering = ["base", "degree_level", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "degree_level", "effective_from"],
                name="one_policy_per_base_level_and_date",
                violation_error_message=_("This base already has a policy for that level from that date."),
            ),
            models.CheckConstraint(
                condition=(Q(degree_level="master") & Q(base_amount__gte=rules.ALLOWANCE_FLOOR_MASTER))
                | (Q(degree_level="doctoral") & Q(base_amount__gte=rules.ALLOWANCE_FLOOR_DOCTORAL)),
                name="policy_amount_not_below_floor",
                violation_error_message=_(
                    "The monthly amount may not be below the floor: "
                    "1000 CNY for master's, 2000 CNY for doctoral students."
                ),
            ),
            models.CheckConstraint(
                condition=Q(failed_amount__gte=0) & Q(failed_amount__lte=F("base_amount")),
                name="policy_failed_amount_within_base",
                violation_error_message=_("A failed month pays between 0 and the monthly amount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.base} {self.get_degree_level_display()} {self.base_amount}"


class MonthlyAssessment(TimeStamped):
    """Party B's assessment of a student in practice for one month (one per student and month)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted by the mentor")
        CONFIRMED = "confirmed", _("Confirmed by the base")

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="monthly_assessments", verbose_name=_("placement")
    )
    # Denormalised from the placement: month pages, ledgers and reminders filter by base.
    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="monthly_assessments", verbose_name=_("base")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month assessed."))
    attendance_days = models.PositiveSmallIntegerField(_("attendance days"), validators=[MaxValueValidator(31)])
    work_summary = models.TextField(_("work summary"), blank=True)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    grade = models.CharField(_("grade"), max_length=16, choices=FourLevelGrade.choices)
    mentor_comments = models.TextField(_("mentor's comments"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly assessment")
        verbose_name_plural = _("monthly assessments")
        ordering = ["-month", "placement"]
        indexes = [models.Index(fields=["base", "month", "state"])]
        permissions = [
            ("write_monthly_assessment", _("Can write monthly assessments of their students")),
            ("confirm_monthly_assessment", _("Can confirm and amend monthly assessments")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "month"],
                name="one_assessment_per_placement_and_month",
                violation_error_message=_("This student already has an assessment for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="assessment_month_is_first_day",
                violation_error_message=_("A month is stored as its first day."),
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100),
                name="assessment_score_at_most_100",
                violation_error_message=_("The score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement.student} {self.month:%Y-%m}"


class WorkSummary(TimeStamped):
    """A student's own summary of a month's work, which the mentor sees beside the assessment form."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="work_summaries", verbose_name=_("placement")
    )
    month = models.DateField(_("month"))
    text = models.TextField(_("summary"))
    attachment = models.FileField(
        _("attachment"), upload_to=PrivateUploadTo("summaries"), validators=DOCUMENT_VALIDATORS, blank=True
    )

    class Meta:
        verbose_name = _("monthly work summary")
        verbose_name_plural = _("monthly work summaries")
        constraints = [models.UniqueConstraint(fields=["placement", "month"], name="one_summary_per_month")]

    def __str__(self) -> str:
        return f"{self.placement.student} {self.month:%Y-%m}"


class AllowancePayment(TimeStamped):
    """The living allowance for one student and month, computed from the confirmed assessment."""

    assessment = models.OneToOneField(
        MonthlyAssessment, on_delete=models.PROTECT, related_name="payment", verbose_name=_("assessment")
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="allowance_payments", verbose_name=_("placement")
    )
    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="allowance_payments", verbose_name=_("base")
    )
    month = models.DateField(_("month"))
    policy = models.ForeignKey(AllowancePolicy, on_delete=models.PROTECT, verbose_name=_("policy"))
    days_in_practice = models.PositiveSmallIntegerField(_("days in practice"))
    amount = models.DecimalField(_("amount (CNY)"), validators=[MinValueValidator(0)], max_digits=10, decimal_places=2)
    reduction_reason = models.CharField(_("reason for a reduced amount"), max_length=200, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    reference = models.CharField(_("payment reference"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance payment")
        verbose_name_plural = _("allowance payments")
        ordering = ["-month", "base", "placement"]
        indexes = [models.Index(fields=["base", "month"])]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="one_payment_per_placement_and_month"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="payment_not_negative",
                violation_error_message=_("An allowance cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement.student} {self.month:%Y-%m} {self.amount}"


def month_start(day: dt.date) -> dt.date:
    """The first day of the month containing ``day``: how months are stored."""
    return day.replace(day=1)
