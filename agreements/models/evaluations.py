"""The biennial evaluation of a base by Party A (每两年考核评估)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import TimeStamped
from base_portal.choices import FourLevelGrade
from base_portal.files import DOCUMENT_VALIDATORS, PrivateUploadTo

from .agreements import Agreement
from .bases import TrainingBase


class EvaluationCycle(TimeStamped):
    """One evaluation, due every two years from the agreement's effective date."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MATERIALS_REQUESTED = "materials_requested", _("Materials requested")
        SUBMITTED = "submitted", _("Materials submitted")
        EVALUATED = "evaluated", _("Evaluated")
        CANCELLED = "cancelled", _("Cancelled (agreement ended)")

    Grade = FourLevelGrade

    OPEN_STATES = (State.SCHEDULED, State.MATERIALS_REQUESTED, State.SUBMITTED)

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("agreement")
    )
    # Denormalised from the agreement, because lists and reminders filter evaluations by base.
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("base"))
    sequence = models.PositiveSmallIntegerField(_("cycle"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.SCHEDULED)
    materials_requested_on = models.DateField(_("materials requested on"), null=True, blank=True)
    materials_note = models.TextField(_("what to submit"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biennial evaluation")
        verbose_name_plural = _("biennial evaluations")
        ordering = ["base", "due_on"]
        indexes = [models.Index(fields=["state", "due_on"])]
        permissions = [
            ("submit_evaluation_materials", _("Can supply evaluation materials for their bases")),
            ("evaluate_base", _("Can request materials and record evaluation results")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "sequence"], name="unique_evaluation_cycle"),
            models.CheckConstraint(
                condition=~models.Q(state="evaluated") | ~models.Q(grade=""),
                name="evaluated_cycle_has_grade",
                violation_error_message=_("An evaluated cycle has a grade."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.base} #{self.sequence} ({self.due_on:%Y-%m-%d})"

    def is_overdue_on(self, day: dt.date) -> bool:
        """Past its due date and not yet evaluated."""
        return self.state in self.OPEN_STATES and self.due_on < day


class EvaluationMaterial(TimeStamped):
    """A file Party B supplies for an evaluation."""

    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.CASCADE, related_name="materials", verbose_name=_("evaluation")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=PrivateUploadTo("evaluations"), validators=DOCUMENT_VALIDATORS)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("uploaded by")
    )

    class Meta:
        verbose_name = _("evaluation material")
        verbose_name_plural = _("evaluation materials")
        ordering = ["cycle", "created_at"]

    def __str__(self) -> str:
        return self.title
