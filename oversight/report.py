"""The biennial evaluation report: what a base's own records say about the cycle's two years.

The report covers the period an evaluation looks back on (``evaluation_period``): the students
trained and their stages, the monthly assessments, the living allowance against its floor, the
mentors appointed and trained, the activities held, the innovation fund, and where the base
stands on the agreement's duties today. It reads a fixed number of queries whatever the number
of students, so it costs the same for a small base as for a large one.

    report = evaluation_report(cycle, timezone.localdate())
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, Sum

from agreements.models import (
    Agreement,
    Briefing,
    EvaluationCycle,
    ExchangeActivity,
    FundedProject,
    InnovationActivity,
    InnovationFund,
    TrainingBase,
)
from assessments.models import AllowancePayment, MonthlyAssessment
from base_portal import rules
from base_portal.choices import FourLevelGrade
from mentors.models import Appointment, MentorTraining
from oversight.compliance import DutyResult, duties_of_base
from students.models import Placement, Student

ZERO = Decimal("0.00")
ONE_DECIMAL = Decimal("0.1")


def evaluation_period(cycle: EvaluationCycle) -> tuple[dt.date, dt.date]:
    """The days an evaluation looks back on, both included: the two years ending on its due date.

    The period starts two years before ``due_on`` (the same day, or the month's last day where it
    has none), but never before the agreement came into force: the first cycle of an agreement
    covers only the days the agreement has been in force.
    """
    end = cycle.due_on
    start = rules.add_months(end, -12 * rules.EVALUATION_CYCLE_YEARS)
    effective_from = cycle.agreement.effective_from
    if effective_from is not None:
        start = max(start, effective_from)
    return start, end


@dataclass(frozen=True)
class Tally:
    """A labelled count, e.g. the placements in one stage or the assessments of one grade."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AllowanceRow:
    """The allowance paid to the students of one degree level during the period."""

    degree_level: str
    label: str
    floor: Decimal
    payments: int
    total: Decimal
    below_floor: int


@dataclass(frozen=True)
class BelowFloorPayment:
    """A full month's allowance paid below the floor of the student's degree level."""

    student_name: str
    student_no: str
    month: dt.date
    amount: Decimal
    floor: Decimal
    reason: str


@dataclass
class EvaluationReport:
    """Everything the evaluation report shows, gathered in a fixed number of queries."""

    cycle: EvaluationCycle
    base: TrainingBase
    agreement: Agreement
    period_start: dt.date
    period_end: dt.date
    today: dt.date
    # Students trained.
    placements: list[Placement] = field(default_factory=list)
    stages: list[Tally] = field(default_factory=list)
    # Monthly assessments.
    assessment_count: int = 0
    grades: list[Tally] = field(default_factory=list)
    average_score: Decimal | None = None
    # Living allowance.
    allowance: list[AllowanceRow] = field(default_factory=list)
    allowance_payments: int = 0
    allowance_total: Decimal = ZERO
    below_floor: list[BelowFloorPayment] = field(default_factory=list)
    # Mentors.
    appointments: list[Appointment] = field(default_factory=list)
    trainings: list[MentorTraining] = field(default_factory=list)
    training_hours: Decimal = Decimal("0.0")
    # Activities.
    briefings: list[Briefing] = field(default_factory=list)
    exchanges: list[ExchangeActivity] = field(default_factory=list)
    innovation_activities: list[InnovationActivity] = field(default_factory=list)
    # The research innovation fund.
    funds: list[InnovationFund] = field(default_factory=list)
    fund_total: Decimal = ZERO
    funded_projects: int = 0
    # The agreement's duties, as they stand today.
    duties: list[DutyResult] = field(default_factory=list)

    @property
    def student_count(self) -> int:
        return len({placement.student_id for placement in self.placements})

    @property
    def below_floor_count(self) -> int:
        return len(self.below_floor)


def _in_period(start: dt.date, end: dt.date, lookup: str = "held_on") -> Q:
    return Q(**{f"{lookup}__gte": start, f"{lookup}__lte": end})


def _months_in_period(start: dt.date, end: dt.date) -> Q:
    """Monthly records (stored as the month's first day) whose month falls at least partly in the period."""
    return Q(month__gte=start.replace(day=1), month__lte=end)


def active_placements(base: TrainingBase, start: dt.date, end: dt.date) -> list[Placement]:
    """The base's placements active at some time in the period (one query).

    A placement is active from when it was recorded (or its practice started, if that was earlier,
    as with records imported later) until its defence; one without a defence is still going.
    """
    begun = Q(created_at__date__lte=end) | Q(practice_start__lte=end)
    finished_before = Q(defence_on__lt=start)
    return list(
        Placement.objects.filter(begun, base=base)
        .exclude(finished_before)
        .select_related("student", "cooperative_mentor")
        .order_by("student__student_no", "pk")
    )


def _stages(placements: list[Placement]) -> list[Tally]:
    counts = Counter(placement.stage for placement in placements)
    return [Tally(stage.value, str(stage.label), counts[stage.value]) for stage in Placement.Stage]


def _assessments(report: EvaluationReport) -> None:
    """Confirmed monthly assessments in the period, by grade, and their average score (one query)."""
    rows = (
        MonthlyAssessment.objects.filter(
            _months_in_period(report.period_start, report.period_end),
            base=report.base,
            state=MonthlyAssessment.State.CONFIRMED,
        )
        .values("grade")
        .annotate(n=Count("pk"), scores=Sum("score"))
        .order_by()
    )
    by_grade = {row["grade"]: row for row in rows}
    report.grades = [
        Tally(grade.value, str(grade.label), by_grade[grade.value]["n"] if grade.value in by_grade else 0)
        for grade in FourLevelGrade
    ]
    report.assessment_count = sum(row["n"] for row in by_grade.values())
    if report.assessment_count:
        total = sum(row["scores"] or 0 for row in by_grade.values())
        report.average_score = (Decimal(total) / report.assessment_count).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def _is_full_month(month: dt.date, days_in_practice: int) -> bool:
    first, last = rules.month_bounds(month)
    return days_in_practice >= (last - first).days + 1


def _allowance(report: EvaluationReport) -> None:
    """Allowance paid in the period by degree level, and full months paid below the floor (one query)."""
    payments = (
        AllowancePayment.objects.filter(_months_in_period(report.period_start, report.period_end), base=report.base)
        .order_by("month", "placement__student__student_no")
        .values_list(
            "placement__student__degree_level",
            "placement__student__full_name",
            "placement__student__student_no",
            "month",
            "days_in_practice",
            "amount",
            "reduction_reason",
        )
    )
    counts: Counter[str] = Counter()
    totals: dict[str, Decimal] = {}
    below: Counter[str] = Counter()
    for level, name, student_no, month, days, amount, reason in payments:
        counts[level] += 1
        totals[level] = totals.get(level, ZERO) + amount
        floor = rules.allowance_floor(level)
        if amount < floor and _is_full_month(month, days):
            below[level] += 1
            report.below_floor.append(BelowFloorPayment(name, student_no, month, amount, floor, reason))
    report.allowance = [
        AllowanceRow(
            level.value,
            str(level.label),
            rules.allowance_floor(level.value),
            counts[level.value],
            totals.get(level.value, ZERO).quantize(rules.FEN),
            below[level.value],
        )
        for level in Student.DegreeLevel
    ]
    report.allowance_payments = sum(counts.values())
    report.allowance_total = sum(totals.values(), ZERO).quantize(rules.FEN)


def _mentors(report: EvaluationReport) -> None:
    """Appointments overlapping the period, and training of the base's mentors in it (two queries)."""
    start, end = report.period_start, report.period_end
    report.appointments = list(
        Appointment.objects.filter(base=report.base, starts_on__lte=end, ends_on__gte=start)
        .select_related("mentor")
        .order_by("starts_on", "mentor__full_name", "pk")
    )
    report.trainings = list(
        MentorTraining.objects.filter(_in_period(start, end), mentor__base=report.base)
        .select_related("mentor")
        .order_by("held_on", "mentor__full_name", "pk")
    )
    report.training_hours = sum((training.hours for training in report.trainings), Decimal("0.0"))


def _activities(report: EvaluationReport) -> None:
    """Briefings, exchange activities and innovation activities held in the period (three queries)."""
    in_period = _in_period(report.period_start, report.period_end)
    base = report.base
    report.briefings = list(Briefing.objects.filter(in_period, base=base).order_by("held_on", "pk"))
    report.exchanges = list(ExchangeActivity.objects.filter(in_period, base=base).order_by("held_on", "pk"))
    report.innovation_activities = list(
        InnovationActivity.objects.filter(in_period, base=base).order_by("held_on", "pk")
    )


def _fund(report: EvaluationReport) -> None:
    """The innovation fund of each year the period touches, with its projects (two queries)."""
    report.funds = list(
        InnovationFund.objects.filter(
            base=report.base, year__gte=report.period_start.year, year__lte=report.period_end.year
        )
        .prefetch_related(Prefetch("projects", queryset=FundedProject.objects.order_by("title", "pk")))
        .order_by("year")
    )
    report.fund_total = sum((fund.amount for fund in report.funds), ZERO).quantize(rules.FEN)
    report.funded_projects = sum(len(fund.projects.all()) for fund in report.funds)


# Up to this many students at the base, the report is made while the user waits (a few seconds);
# a larger base's report is a background job (jobs.Job.Kind.EVALUATION_REPORT).
REPORT_DIRECT_PLACEMENTS = 300


def evaluation_report_render(cycle: EvaluationCycle, today: dt.date) -> bytes:
    """The report as PDF bytes."""
    from base_portal.pdf import render_pdf

    return render_pdf("oversight/evaluation_report_pdf.html", {"report": evaluation_report(cycle, today)})


def may_see_report(user: object, cycle: EvaluationCycle) -> bool:
    """Those who evaluate the base, or supply its materials, may have its report."""
    from agreements.selectors import may_act_on_base

    return may_act_on_base(user, cycle.base, "agreements.evaluate_base") or may_act_on_base(
        user, cycle.base, "agreements.submit_evaluation_materials"
    )


def report_filename(cycle: EvaluationCycle) -> str:
    return f"evaluation-report-{cycle.base_id}-{cycle.sequence}-{cycle.due_on:%Y%m%d}.pdf"


def evaluation_report(cycle: EvaluationCycle, today: dt.date) -> EvaluationReport:
    """Gather the report of ``cycle`` from its base's records (a fixed number of queries)."""
    cycle = EvaluationCycle.objects.select_related("base__enterprise", "base__university", "agreement").get(pk=cycle.pk)
    start, end = evaluation_period(cycle)
    report = EvaluationReport(
        cycle=cycle, base=cycle.base, agreement=cycle.agreement, period_start=start, period_end=end, today=today
    )
    report.placements = active_placements(cycle.base, start, end)
    report.stages = _stages(report.placements)
    _assessments(report)
    _allowance(report)
    _mentors(report)
    _activities(report)
    _fund(report)
    report.duties = duties_of_base(cycle.base, today)
    return report


__all__ = [
    "AllowanceRow",
    "BelowFloorPayment",
    "EvaluationReport",
    "Tally",
    "active_placements",
    "evaluation_period",
    "evaluation_report",
]
