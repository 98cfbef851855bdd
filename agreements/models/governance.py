"""The base's governance on record: committee, yearly briefings, exchanges, fund, competitions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import TimeStamped

from .bases import Party, TrainingBase


class CommitteeMember(TimeStamped):
    """A member of the base's management committee (管理委员会), from either party."""

    class Category(models.TextChoices):
        # Party A
        COLLEGE_LEADER = "college_leader", _("College leader in charge of graduate education")
        DEGREE_COMMITTEE = "degree_committee", _("Member of the degree evaluation sub-committee")
        SUPERVISOR = "supervisor", _("On-campus academic supervisor")
        # Party B
        RESEARCH_LEADER = "research_leader", _("Leader in charge of research")
        TECHNICAL_BACKBONE = "technical_backbone", _("Technical backbone")
        COOPERATIVE_MENTOR = "cooperative_mentor", _("Cooperative mentor")

    PARTY_A_CATEGORIES = ("college_leader", "degree_committee", "supervisor")
    PARTY_B_CATEGORIES = ("research_leader", "technical_backbone", "cooperative_mentor")

    base = models.ForeignKey(
        TrainingBase, on_delete=models.CASCADE, related_name="committee_members", verbose_name=_("base")
    )
    party = models.CharField(_("party"), max_length=1, choices=Party.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    full_name = models.CharField(_("full name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["base", "-is_chair", "party", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(party="A") & Q(category__in=["college_leader", "degree_committee", "supervisor"]))
                | (Q(party="B") & Q(category__in=["research_leader", "technical_backbone", "cooperative_mentor"])),
                name="committee_category_matches_party",
                violation_error_message=_("This category belongs to the other party."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="committee_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["base"],
                condition=Q(is_chair=True, term_end__isnull=True),
                name="one_current_chair_per_base",
                violation_error_message=_("The committee already has a chair; end their term first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_category_display()})"


class Briefing(TimeStamped):
    """The parties' yearly briefing on the base (每年定期通报情况)."""

    base = models.ForeignKey(TrainingBase, on_delete=models.CASCADE, related_name="briefings", verbose_name=_("base"))
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("summary"))
    attendees = models.TextField(_("attendees"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("yearly briefing")
        verbose_name_plural = _("yearly briefings")
        ordering = ["base", "-held_on"]

    def __str__(self) -> str:
        return f"{self.base} {self.held_on:%Y-%m-%d}"


class ExchangeActivity(TimeStamped):
    """An academic exchange activity held with the base (学术交流活动)."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        SEMINAR = "seminar", _("Seminar or workshop")
        FORUM = "forum", _("Forum or conference")
        VISIT = "visit", _("Visit")
        OTHER = "other", _("Other")

    base = models.ForeignKey(TrainingBase, on_delete=models.CASCADE, related_name="exchanges", verbose_name=_("base"))
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    participants = models.TextField(_("participants"), blank=True)
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)

    class Meta:
        verbose_name = _("academic exchange activity")
        verbose_name_plural = _("academic exchange activities")
        ordering = ["base", "-held_on"]

    def __str__(self) -> str:
        return self.title


class InnovationFund(TimeStamped):
    """The research innovation fund (科研创新基金) Party B sets up for a year."""

    base = models.ForeignKey(TrainingBase, on_delete=models.CASCADE, related_name="funds", verbose_name=_("base"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research innovation fund")
        verbose_name_plural = _("research innovation funds")
        ordering = ["base", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "year"],
                name="one_fund_per_base_and_year",
                violation_error_message=_("This base already has a fund for that year."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="fund_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.base} {self.year}"


class FundedProject(TimeStamped):
    """A project financed from a year's innovation fund."""

    fund = models.ForeignKey(InnovationFund, on_delete=models.CASCADE, related_name="projects", verbose_name=_("fund"))
    title = models.CharField(_("title"), max_length=200)
    leader = models.CharField(_("project leader"), max_length=100)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    students = models.TextField(_("students involved"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["fund", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="project_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class InnovationActivity(TimeStamped):
    """A competition or innovation and entrepreneurship activity students took part in through the base."""

    class Kind(models.TextChoices):
        DISCIPLINE_COMPETITION = "discipline", _("Discipline or science competition")
        INNOVATION = "innovation", _("Innovation and entrepreneurship activity")
        OTHER = "other", _("Other research practice activity")

    base = models.ForeignKey(
        TrainingBase, on_delete=models.CASCADE, related_name="innovation_activities", verbose_name=_("base")
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    participants = models.TextField(_("participants"), blank=True)
    result = models.CharField(_("result or award"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("competition or innovation activity")
        verbose_name_plural = _("competitions and innovation activities")
        ordering = ["base", "-held_on"]

    def __str__(self) -> str:
        return self.title
