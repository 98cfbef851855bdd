"""Graduate students and their placements at bases, through the three stages."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import College, TimeStamped
from agreements.models import TrainingBase
from mentors.models import Mentor


class Student(TimeStamped):
    """A graduate student of the university."""

    class DegreeLevel(models.TextChoices):
        MASTER = "master", _("Master's")
        DOCTORAL = "doctoral", _("Doctoral")

    class DegreeType(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional degree")
        ACADEMIC = "academic", _("Academic degree")

    class StudyMode(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")

    class EmploymentType(models.TextChoices):
        NON_DIRECTED = "non_directed", _("Non-directed")
        DIRECTED = "directed", _("Directed")

    student_no = models.CharField(_("student number"), max_length=20, unique=True)
    full_name = models.CharField(_("full name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_profile",
        verbose_name=_("login"),
    )
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="students", verbose_name=_("college"))
    major = models.CharField(_("major"), max_length=100)
    degree_level = models.CharField(_("degree level"), max_length=16, choices=DegreeLevel.choices)
    degree_type = models.CharField(_("degree type"), max_length=16, choices=DegreeType.choices)
    study_mode = models.CharField(_("study mode"), max_length=16, choices=StudyMode.choices)
    employment_type = models.CharField(_("employment type"), max_length=16, choices=EmploymentType.choices)
    enrolment_year = models.PositiveSmallIntegerField(_("enrolment year"))
    supervisor = models.ForeignKey(
        Mentor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_students",
        limit_choices_to={"kind": Mentor.Kind.SUPERVISOR},
        verbose_name=_("on-campus supervisor"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["student_no"]
        indexes = [
            models.Index(fields=["college", "enrolment_year"]),
            # The list's most used filters: its count becomes an index-only scan (docs/performance.md).
            models.Index(fields=["enrolment_year", "degree_level"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.student_no})"


class DefenceResult(models.TextChoices):
    """Outcome of the thesis defence."""

    PASSED = "passed", _("Passed")
    REVISE = "revise", _("Passed after revision")
    FAILED = "failed", _("Failed")


class Placement(TimeStamped):
    """A student's joint training at one base, through the three stages of the agreement."""

    class Stage(models.TextChoices):
        COURSEWORK = "coursework", _("Coursework (at Party A)")
        PRACTICE = "practice", _("Professional practice (at Party B)")
        THESIS = "thesis", _("Thesis and defence (at Party A)")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="placements", verbose_name=_("student"))
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="placements", verbose_name=_("base"))
    demand = models.ForeignKey(
        "students.PositionDemand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("position demand"),
    )
    cooperative_mentor = models.ForeignKey(
        Mentor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_placements",
        limit_choices_to={"kind": Mentor.Kind.COOPERATIVE},
        verbose_name=_("cooperative mentor"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.COURSEWORK)
    # Stage 1: coursework at Party A.
    credits_required = models.PositiveSmallIntegerField(_("credits required"), null=True, blank=True)
    credits_earned = models.PositiveSmallIntegerField(_("credits earned"), null=True, blank=True)
    coursework_completed_on = models.DateField(_("coursework completed on"), null=True, blank=True)
    # Stage 2: professional practice at Party B.
    practice_project = models.CharField(_("practice project"), max_length=200, blank=True)
    planned_practice_start = models.DateField(_("practice planned to start"), null=True, blank=True)
    planned_practice_end = models.DateField(_("practice planned to end"), null=True, blank=True)
    length_exception_reason = models.TextField(_("reason for practice outside 6–12 months"), blank=True)
    beyond_agreement_reason = models.TextField(_("decision to run past the agreement's end"), blank=True)
    practice_start = models.DateField(_("practice starts"), null=True, blank=True)
    practice_end = models.DateField(_("practice ends"), null=True, blank=True)
    practice_ended_early_for = models.CharField(_("practice ended because of"), max_length=200, blank=True)
    # Stage 3: thesis and defence at Party A.
    thesis_topic = models.CharField(_("thesis topic"), max_length=300, blank=True)
    proposal_on = models.DateField(_("thesis proposal (开题) on"), null=True, blank=True)
    defence_on = models.DateField(_("defence on"), null=True, blank=True)
    defence_result = models.CharField(_("defence result"), max_length=16, choices=DefenceResult.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        # Each step of the stages is its own right, so each role gets exactly the steps it takes.
        permissions = [
            ("record_coursework", _("Can record coursework")),
            ("plan_practice", _("Can plan practice")),
            ("record_safety_agreement", _("Can record the safety agreement")),
            ("record_insurance", _("Can record accident insurance")),
            ("manage_practice", _("Can start and end practice")),
            ("file_notice", _("Can file a notice ending practice early or late")),
            ("acknowledge_notice", _("Can acknowledge the other party's notice")),
            ("record_thesis", _("Can record the thesis topic, proposal and defence")),
            ("confirm_confidentiality", _("Can confirm whether a thesis is confidential")),
            ("issue_appraisal", _("Can issue the practice appraisal, awards and recommendations")),
            ("request_disclosure", _("Can ask to publish or present project content")),
            ("decide_disclosure", _("Can approve or refuse disclosure of project content")),
        ]
        ordering = ["base", "student"]
        constraints = [
            models.CheckConstraint(
                condition=Q(practice_end__isnull=True) | Q(practice_end__gte=F("practice_start")),
                name="placement_practice_end_after_start",
                violation_error_message=_("Practice cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.base}"
