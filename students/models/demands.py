"""Position demands a base posts each year, and the selection of students for them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import TimeStamped
from agreements.models import TrainingBase

from .core import Student


class PositionDemand(TimeStamped):
    """Positions Party B offers in a year (岗位需求); the year's total is held against the agreement's minimum."""

    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="demands", verbose_name=_("base"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("job position"), max_length=200)
    count = models.PositiveSmallIntegerField(_("number of students"), validators=[MinValueValidator(1)])
    requirements = models.TextField(_("requirements"), blank=True)
    description = models.TextField(_("description"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("posted by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position demand")
        verbose_name_plural = _("position demands")
        ordering = ["-year", "base", "title"]
        indexes = [models.Index(fields=["base", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="demand_count_positive",
                violation_error_message=_("A demand is for at least one student."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.base} {self.year} {self.title}"


class Selection(TimeStamped):
    """Party A's selection of a student for a demand, and Party B's answer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the graduate office")
        ACCEPTED = "accepted", _("Accepted by the base")
        DECLINED = "declined", _("Declined by the base")

    demand = models.ForeignKey(
        PositionDemand, on_delete=models.PROTECT, related_name="selections", verbose_name=_("position demand")
    )
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="selections", verbose_name=_("student"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    eligible_by_default = models.BooleanField(_("eligible by default"))
    party_a_consent = models.TextField(_("Party A's consent to a student outside the default group"), blank=True)
    party_b_consent = models.TextField(_("Party B's consent to a student outside the default group"), blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("selected by")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        permissions = [("answer_selection", _("Can accept or decline selected students for their base"))]
        ordering = ["demand", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "student"],
                name="one_selection_per_demand_and_student",
                violation_error_message=_("This student has already been selected for this position."),
            ),
            models.CheckConstraint(
                condition=Q(eligible_by_default=True) | ~Q(party_a_consent=""),
                name="selection_outside_group_has_party_a_consent",
                violation_error_message=_("A student outside the default group needs Party A's recorded consent."),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(eligible_by_default=True) | ~Q(party_b_consent=""),
                name="accepted_outside_group_has_party_b_consent",
                violation_error_message=_("A student outside the default group needs Party B's recorded consent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.demand}"
