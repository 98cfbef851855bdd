"""What practice needs and produces: safety agreement, insurance, notices, appraisal, awards, IP."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import TimeStamped
from agreements.models import Party
from base_portal.choices import FourLevelGrade
from base_portal.files import DOCUMENT_VALIDATORS, PrivateUploadTo

from .core import Placement


class SafetyAgreement(TimeStamped):
    """The practice safety agreement (实践安全协议) signed by the base, the student and the supervisor."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="safety_agreement", verbose_name=_("placement")
    )
    base_signed_on = models.DateField(_("signed by the base on"))
    student_signed_on = models.DateField(_("signed by the student on"))
    supervisor_signed_on = models.DateField(_("signed by the supervisor on"))
    scan = models.FileField(_("scan"), upload_to=PrivateUploadTo("safety"), validators=DOCUMENT_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety agreement")
        verbose_name_plural = _("safety agreements")

    def __str__(self) -> str:
        return str(self.placement)

    @property
    def fully_signed_on(self) -> dt.date:
        """The day the last of the three signatures was given."""
        return max(self.base_signed_on, self.student_signed_on, self.supervisor_signed_on)


class InsurancePolicy(TimeStamped):
    """Accident insurance covering a student's practice, bought by the party the agreement names."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="insurance_policies", verbose_name=_("placement")
    )
    insurer = models.CharField(_("insurer"), max_length=100)
    policy_number = models.CharField(_("policy number"), max_length=60)
    bought_by = models.CharField(_("bought by"), max_length=1, choices=Party.choices)
    covers_from = models.DateField(_("covers from"))
    covers_to = models.DateField(_("covers to"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        ordering = ["placement", "covers_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(covers_to__gte=F("covers_from")),
                name="insurance_period_ordered",
                violation_error_message=_("The cover cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.policy_number}"


class PracticeNotice(TimeStamped):
    """A notice ending practice early or late (提前或推后终止), or the illness exception."""

    class Kind(models.TextChoices):
        END_EARLY = "end_early", _("End practice early")
        EXTEND = "extend", _("End practice later")
        ILLNESS = "illness", _("Illness: end at once, the student returns to Party A")

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="notices", verbose_name=_("placement")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    filed_by = models.CharField(_("filed by"), max_length=1, choices=Party.choices)
    notice_date = models.DateField(_("notice given on"))
    new_end = models.DateField(_("practice ends on"))
    previous_end = models.DateField(_("practice was to end on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    filed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("filed by user")
    )
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    applied_on = models.DateField(_("took effect on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practice notice")
        verbose_name_plural = _("practice notices")
        ordering = ["placement", "-notice_date"]
        indexes = [models.Index(fields=["applied_on", "new_end"])]

    def __str__(self) -> str:
        return f"{self.placement} {self.get_kind_display()} {self.new_end:%Y-%m-%d}"


class ConfidentialityConfirmation(TimeStamped):
    """Party B's confirmation, before the thesis proposal, of whether the thesis is confidential (涉密确认)."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="confidentiality", verbose_name=_("placement")
    )
    confirmed_on = models.DateField(_("confirmed on"))
    is_confidential = models.BooleanField(_("the thesis is confidential"))
    notes = models.TextField(_("notes"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("confirmed by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confidentiality confirmation")
        verbose_name_plural = _("confidentiality confirmations")

    def __str__(self) -> str:
        return str(self.placement)


class PracticeAppraisal(TimeStamped):
    """The practice appraisal (专业实践鉴定) Party B issues at the end of practice."""

    placement = models.OneToOneField(
        Placement, on_delete=models.PROTECT, related_name="appraisal", verbose_name=_("placement")
    )
    grade = models.CharField(_("grade"), max_length=16, choices=FourLevelGrade.choices)
    comments = models.TextField(_("comments"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("issued by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practice appraisal")
        verbose_name_plural = _("practice appraisals")

    def __str__(self) -> str:
        return str(self.placement)


class Award(TimeStamped):
    """An award Party B gave an outstanding student, or an achievement it recommended."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        ACHIEVEMENT = "achievement", _("Recommended achievement")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="awards", verbose_name=_("placement")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    awarded_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("award or achievement")
        verbose_name_plural = _("awards and achievements")
        ordering = ["placement", "-awarded_on"]

    def __str__(self) -> str:
        return self.title


class DisclosureRequest(TimeStamped):
    """A request to publish or present work that discloses project content, decided by the project owner first."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper")
        CONFERENCE = "conference", _("Conference talk or poster")
        PATENT = "patent", _("Patent")
        THESIS = "thesis", _("Thesis")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("placement")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    venue = models.CharField(_("journal, conference or office"), max_length=200, blank=True)
    summary = models.TextField(_("what project content it discloses"))
    planned_on = models.DateField(_("planned disclosure date"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")
        ordering = ["placement", "-planned_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="refused") | ~Q(decision_reason=""),
                name="refused_disclosure_has_reason",
                violation_error_message=_("A refusal records its reason."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
