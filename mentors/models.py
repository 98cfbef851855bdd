"""Mentors of both kinds: on-campus supervisors (Party A) and cooperative mentors (Party B)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import College, Organisation, TimeStamped
from agreements.models import TrainingBase
from base_portal.choices import FourLevelGrade
from base_portal.files import DOCUMENT_VALIDATORS, PrivateUploadTo


class TitleLevel(models.TextChoices):
    """Level of a professional title (职称), lowest first."""

    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ASSOCIATE_SENIOR = "associate_senior", _("Associate senior")
    SENIOR = "senior", _("Senior")


class Degree(models.TextChoices):
    """Highest degree held, lowest first."""

    BACHELOR = "bachelor", _("Bachelor's")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorate", _("Doctorate")


class Mentor(TimeStamped):
    """A supervisor (校内导师) of the university or a cooperative mentor (校外合作导师) of a base."""

    class Kind(models.TextChoices):
        SUPERVISOR = "supervisor", _("On-campus supervisor")
        COOPERATIVE = "cooperative", _("Cooperative mentor")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    full_name = models.CharField(_("full name"), max_length=100)
    staff_no = models.CharField(
        _("staff number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The university's staff number (工号) of an on-campus supervisor; imports find supervisors by it."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_profile",
        verbose_name=_("login"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentors", verbose_name=_("organisation")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="supervisors", verbose_name=_("college")
    )
    base = models.ForeignKey(
        TrainingBase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentors",
        verbose_name=_("base"),
        help_text=_("For a cooperative mentor: the base that recommended them."),
    )
    title = models.CharField(_("professional title"), max_length=50, blank=True)
    title_level = models.CharField(_("title level"), max_length=20, choices=TitleLevel.choices, blank=True)
    degree = models.CharField(_("highest degree"), max_length=16, choices=Degree.choices, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["kind", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="cooperative") | Q(base__isnull=False),
                name="cooperative_mentor_has_base",
                violation_error_message=_("A cooperative mentor belongs to a base."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="supervisor") | Q(college__isnull=False),
                name="supervisor_has_college",
                violation_error_message=_("An on-campus supervisor belongs to a college."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class AppointmentCriteria(TimeStamped):
    """Party A's requirements for cooperative mentors, set by the graduate office (one current row)."""

    min_title_level = models.CharField(
        _("minimum title level"), max_length=20, choices=TitleLevel.choices, default=TitleLevel.ASSOCIATE_SENIOR
    )
    min_degree = models.CharField(_("minimum degree"), max_length=16, choices=Degree.choices, default=Degree.MASTER)
    min_years_of_experience = models.PositiveSmallIntegerField(_("minimum years of experience"), default=5)
    notes = models.TextField(_("other requirements"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment criteria")
        verbose_name_plural = _("appointment criteria")

    def __str__(self) -> str:
        return str(_("Cooperative mentor criteria"))


class MentorRecommendation(TimeStamped):
    """A base's recommendation of a candidate cooperative mentor, and Party A's decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPOINTED = "appointed", _("Appointed")
        REJECTED = "rejected", _("Rejected")

    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="mentor_recommendations", verbose_name=_("base")
    )
    full_name = models.CharField(_("full name"), max_length=100)
    title = models.CharField(_("professional title"), max_length=50)
    title_level = models.CharField(_("title level"), max_length=20, choices=TitleLevel.choices)
    degree = models.CharField(_("highest degree"), max_length=16, choices=Degree.choices)
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"))
    field = models.CharField(_("field"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reason = models.TextField(_("why recommended"), blank=True)
    cv = models.FileField(_("CV"), upload_to=PrivateUploadTo("cvs"), validators=DOCUMENT_VALIDATORS)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recommended by")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    mentor = models.ForeignKey(
        Mentor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("appointed as"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor recommendation")
        verbose_name_plural = _("mentor recommendations")
        ordering = ["-created_at"]
        permissions = [("decide_recommendation", _("Can appoint or reject recommended mentors"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="rejection_has_reason",
                violation_error_message=_("A rejection records its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.base})"


class Appointment(TimeStamped):
    """Party A's appointment (聘任) of a cooperative mentor for a term. A re-appointment is a new row."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Not yet started")
        CURRENT = "current", _("Current")
        LAPSED = "lapsed", _("Lapsed")

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("mentor"))
    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("base")
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    letter_number = models.CharField(_("appointment letter number"), max_length=50, unique=True)
    recommendation = models.OneToOneField(
        MentorRecommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment",
        verbose_name=_("recommendation"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("appointed by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["mentor", "-starts_on"]
        indexes = [models.Index(fields=["mentor", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="appointment_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    def state_on(self, day: dt.date) -> "Appointment.State":
        """Upcoming, current or lapsed on ``day``; the term's first and last days both count."""
        if day < self.starts_on:
            return self.State.UPCOMING
        if day > self.ends_on:
            return self.State.LAPSED
        return self.State.CURRENT


class MentorTraining(TimeStamped):
    """Training Party A gave a cooperative mentor."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("mentor"))
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    class Meta:
        verbose_name = _("mentor training")
        verbose_name_plural = _("mentor trainings")
        ordering = ["mentor", "-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="training_hours_positive",
                violation_error_message=_("Training lasts more than zero hours."),
            )
        ]

    def __str__(self) -> str:
        return self.topic


class MentorAssessment(TimeStamped):
    """Party A's periodic assessment of a cooperative mentor."""

    Result = FourLevelGrade

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("mentor"))
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    comments = models.TextField(_("comments"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("assessed by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor assessment")
        verbose_name_plural = _("mentor assessments")
        ordering = ["mentor", "-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="assessment_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["mentor", "period_start"],
                name="one_assessment_per_mentor_period",
                violation_error_message=_("This mentor already has an assessment for a period starting that day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.period_start:%Y-%m-%d}"


class RemunerationRecord(TimeStamped):
    """Remuneration Party A pays an appointed Party B mentor for a period."""

    class Basis(models.TextChoices):
        WORKLOAD = "workload", _("Workload")
        TIME = "time", _("Time")
        STUDENTS = "students", _("Number of students")

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="remuneration", verbose_name=_("mentor"))
    # Denormalised from the appointment: exports and lists filter remuneration by base.
    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="remuneration", verbose_name=_("base")
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=1,
        help_text=_("Hours of work, months of guidance, or number of students, as the basis says."),
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    reference = models.CharField(_("payment reference"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remuneration record")
        verbose_name_plural = _("remuneration records")
        ordering = ["-period_start", "base", "mentor"]
        indexes = [models.Index(fields=["base", "period_start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="remuneration_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="remuneration_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.period_start:%Y-%m} {self.amount}"
