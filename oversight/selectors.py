"""The figures of the dashboards: each a fixed number of queries, however many bases there are.

Every figure is read through the scoped selectors, so a dashboard never counts a row its user
could not open, and each figure is paired with the list page that shows the rows behind it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agreements.filters import EVALUATION_DUE_WINDOW_DAYS, EXPIRY_WINDOWS
from agreements.models import Agreement, EvaluationCycle, TrainingBase
from agreements.selectors import bases_managed_by, bases_visible_to, evaluations_visible_to
from assessments.models import MonthlyAssessment, WorkSummary, month_start
from assessments.selectors import (
    assessments_visible_to,
    mentor_month_placements,
    overdue_assessments,
    payments_visible_to,
    practising_in,
)
from base_portal import rules
from oversight.cache import DASHBOARD, cached_counts
from oversight.compliance import Level, detail_url, level_of
from students.models import Placement, Student
from students.selectors import notices_visible_to, placements_visible_to

# How many rows a dashboard lists before it sends the user to the full list.
LIST_LIMIT = 10
TOP_BASES = 10
COMPLIANCE_ROWS = 20
ALLOWANCE_MONTHS = 12


def _url(name: str, query: str = "", *args: Any) -> str:
    return reverse(name, args=args or None) + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Figure:
    """A number on a dashboard and the list behind it."""

    label: Any
    value: int
    url: str
    key: str = ""


# --- compliance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaseCompliance:
    """How many of a base's findings are red and amber, and the page that lists them."""

    base: TrainingBase
    red: int
    amber: int

    @property
    def level(self) -> str:
        return level_of(self.red, self.amber)

    @property
    def level_label(self) -> str:
        return str(Level.LABELS[self.level])

    @property
    def url(self) -> str:
        return detail_url("oversight:base_compliance", self.base.pk)


def bases_by_name(bases: QuerySet[TrainingBase]) -> list[TrainingBase]:
    """The bases' ids and names (one query), for a compliance summary and for filters by literal ids."""
    return list(bases.order_by("name").only("pk", "name"))


def compliance_summary(every: list[TrainingBase], today: dt.date, *, every_base: bool) -> list[BaseCompliance]:
    """Each base's findings counted, the worst first; with ``every_base`` False, only bases with findings.

    No query: the counts come from the cache, which grades (with the duties' own fixed number of
    queries) only the bases it holds nothing for today.
    """
    counts = cached_counts((base.pk for base in every), today)
    rows = [BaseCompliance(base, *counts[base.pk]) for base in every if every_base or any(counts[base.pk])]
    rows.sort(key=lambda row: (-Level.ORDER.index(row.level), -row.red, -row.amber, row.base.name))
    return rows


# --- the office ----------------------------------------------------------------------------------


def bases_by_status(user: Any) -> list[Figure]:
    counts = dict(
        bases_visible_to(user).order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [
        Figure(label, counts.get(value, 0), _url("agreements:base_list", f"status={value}"), value)
        for value, label in TrainingBase.Status.choices
    ]


def agreements_expiring(user: Any, today: dt.date) -> list[Figure]:
    """Bases whose agreement in force reaches its last day within 30, 90 and 180 days (one query)."""
    longest = max(days for days, _label in EXPIRY_WINDOWS)
    ending = Agreement.objects.ending_within(today, longest).filter(base__in=bases_visible_to(user).values("pk"))
    counts = ending.aggregate(
        **{
            f"d{days}": Count("base", distinct=True, filter=Q(in_force_until__lte=today + dt.timedelta(days=days)))
            for days, _label in EXPIRY_WINDOWS
        }
    )
    return [
        Figure(label, counts[f"d{days}"] or 0, _url("agreements:base_list", f"expiring_within={days}"), str(days))
        for days, label in EXPIRY_WINDOWS
    ]


def students_by_stage(user: Any) -> list[Figure]:
    """Students with a placement in each stage, as the student list's stage filter counts them."""
    counts = dict(
        placements_visible_to(user)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("student", distinct=True))
        .values_list("stage", "n")
    )
    return [
        Figure(label, counts.get(value, 0), _url("students:student_list", f"stage={value}"), value)
        for value, label in Placement.Stage.choices
    ]


def students_by_base(user: Any, limit: int = TOP_BASES) -> list[Figure]:
    """The bases with the most students placed, as the student list's base filter counts them."""
    rows = (
        placements_visible_to(user)
        .order_by()
        .values("base", "base__name")
        .annotate(n=Count("student", distinct=True))
        .order_by("-n", "base__name")[:limit]
    )
    return [
        Figure(row["base__name"], row["n"], _url("students:student_list", f"base={row['base']}"), str(row["base"]))
        for row in rows
    ]


def evaluation_figures(user: Any, today: dt.date) -> list[Figure]:
    """Bases with an evaluation due within 90 days (or overdue), and the overdue evaluations (one query)."""
    horizon = today + dt.timedelta(days=EVALUATION_DUE_WINDOW_DAYS)
    counts = (
        evaluations_visible_to(user)
        .filter(state__in=EvaluationCycle.OPEN_STATES)
        .aggregate(
            due_bases=Count("base", distinct=True, filter=Q(due_on__lte=horizon)),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
        )
    )
    return [
        Figure(
            _("Bases with an evaluation due within 90 days or overdue"),
            counts["due_bases"] or 0,
            _url("agreements:base_list", "evaluation_due=yes"),
            "due",
        ),
        Figure(
            _("Overdue evaluations"),
            counts["overdue"] or 0,
            _url("agreements:evaluation_list", "overdue=yes"),
            "overdue",
        ),
    ]


@dataclass(frozen=True)
class AllowanceMonth:
    month: dt.date
    paid: Decimal
    paid_count: int
    below_floor: int
    url: str


def below_floor() -> Q:
    """A payment under the monthly floor of the student's degree level."""
    doctoral = Q(placement__student__degree_level=Student.DegreeLevel.DOCTORAL)
    return (doctoral & Q(amount__lt=rules.ALLOWANCE_FLOOR_DOCTORAL)) | (
        ~doctoral & Q(amount__lt=rules.ALLOWANCE_FLOOR_MASTER)
    )


def allowance_by_month(user: Any, today: dt.date, months: int = ALLOWANCE_MONTHS) -> list[AllowanceMonth]:
    """For each of the last ``months`` months: the allowance paid, and payments below the floor (one query)."""
    this_month = month_start(today)
    first = rules.add_months(this_month, -(months - 1))
    paid = Q(paid_on__isnull=False)
    rows = {
        row["month"]: row
        for row in payments_visible_to(user)
        .filter(month__gte=first, month__lte=this_month)
        .order_by()
        .values("month")
        .annotate(
            paid=Sum("amount", filter=paid),
            paid_count=Count("pk", filter=paid),
            below_floor=Count("pk", filter=below_floor()),
        )
    }
    result = []
    for i in range(months):
        month = rules.add_months(first, i)
        row = rows.get(month, {})
        result.append(
            AllowanceMonth(
                month=month,
                # SQLite sums Decimals without their scale; money is always shown to the fen.
                paid=Decimal(row.get("paid") or 0).quantize(rules.FEN),
                paid_count=row.get("paid_count", 0),
                below_floor=row.get("below_floor", 0),
                url=_url("assessments:ledger", f"month={month:%Y-%m}"),
            )
        )
    return result


def office_dashboard(user: Any, today: dt.date) -> dict[str, Any]:
    """Everything on the office dashboard.

    Its figures sum the whole university (a year of allowance payments, every placement), so they
    are kept in the cache for the day until a record they count changes (``oversight.cache``); the
    office sees every base, so every office account reads the same figures.
    """
    language = translation.get_language()
    figures = DASHBOARD.get_or_set("office", lambda: office_figures(user, today), f"{today:%Y%m%d}", language)
    compliance = compliance_summary(bases_by_name(bases_visible_to(user)), today, every_base=False)
    by_level = {level: sum(1 for row in compliance if row.level == level) for level in (Level.RED, Level.AMBER)}
    return {
        **figures,
        # The worst bases; the base list filtered by level has them all.
        "compliance": compliance[:COMPLIANCE_ROWS],
        "compliance_levels": [
            Figure(Level.LABELS[level], n, _url("agreements:base_list", f"compliance={level}"), level)
            for level, n in by_level.items()
        ],
    }


def office_figures(user: Any, today: dt.date) -> dict[str, Any]:
    """The office dashboard's figures, counted now."""
    overdue = overdue_assessments(user, today)
    allowance = allowance_by_month(user, today)
    return {
        "bases_by_status": bases_by_status(user),
        "expiring": agreements_expiring(user, today),
        "students_by_stage": students_by_stage(user),
        "students_by_base": students_by_base(user),
        "overdue_assessments": Figure(_("Overdue monthly assessments"), len(overdue), _url("assessments:overdue_list")),
        "evaluations": evaluation_figures(user, today),
        "allowance": allowance,
        "allowance_total": sum((m.paid for m in allowance), Decimal("0.00")),
        "below_floor_total": sum(m.below_floor for m in allowance),
    }


def chart_data(figures: list[Figure], label: Any) -> dict[str, Any]:
    """What dashboard.js draws: labels, values, the list behind each bar, and the series name."""
    return {
        "label": str(label),
        "labels": [str(f.label) for f in figures],
        "values": [f.value for f in figures],
        "urls": [f.url for f in figures],
    }


def allowance_chart_data(months: list[AllowanceMonth], label: Any) -> dict[str, Any]:
    return {
        "label": str(label),
        "labels": [f"{m.month:%Y-%m}" for m in months],
        "values": [float(m.paid) for m in months],
        "urls": [m.url for m in months],
    }


# --- a base administrator --------------------------------------------------------------------


def base_admin_dashboard(user: Any, today: dt.date, party: str) -> dict[str, Any]:
    """Who is in practice this month, and what waits for this base administrator."""
    managed = bases_by_name(bases_managed_by(user))
    # Literal ids: the planner cannot estimate the object-permission subquery and scans whole tables.
    managed_ids = [base.pk for base in managed]
    this_month = month_start(today)
    practising = (
        placements_visible_to(user)
        .filter(practising_in(this_month), base__in=managed_ids)
        .select_related("student", "base", "cooperative_mentor")
        .order_by("base__name", "student__student_no")
    )
    to_confirm = (
        assessments_visible_to(user)
        .filter(state=MonthlyAssessment.State.SUBMITTED, base__in=managed_ids)
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )
    notices = (
        notices_visible_to(user)
        .filter(acknowledged_on__isnull=True, placement__base__in=managed_ids)
        .exclude(filed_by=party)
        .select_related("placement__student", "placement__base")
        .order_by("notice_date")
    )
    evaluations = (
        evaluations_visible_to(user)
        .filter(state__in=EvaluationCycle.OPEN_STATES, base__in=managed_ids)
        .select_related("base")
        .order_by("due_on", "base__name")
    )
    acknowledges = user.has_perm("students.acknowledge_notice")
    evaluation_rows = list(evaluations[: LIST_LIMIT * 5])
    for cycle in evaluation_rows:
        cycle.overdue = cycle.is_overdue_on(today)  # type: ignore[attr-defined]
    to_confirm_rows = [
        {
            "month": row["month"],
            "n": row["n"],
            "url": _url("assessments:assessment_list", f"state=submitted&month={row['month']:%Y-%m}"),
        }
        for row in to_confirm
    ]
    return {
        "month": this_month,
        "practising": list(practising[:LIST_LIMIT]),
        "practising_count": practising.count(),
        "practising_url": _url("students:student_list", "stage=practice"),
        "to_confirm": to_confirm_rows,
        "to_confirm_total": sum(row["n"] for row in to_confirm_rows),
        "to_confirm_url": _url("assessments:assessment_list", "state=submitted"),
        "notices": list(notices[:LIST_LIMIT]) if acknowledges else [],
        "notices_count": notices.count() if acknowledges else 0,
        "evaluations": evaluation_rows,
        "compliance": compliance_summary(managed, today, every_base=True),
    }


# --- a cooperative mentor --------------------------------------------------------------------


def mentor_dashboard(user: Any, today: dt.date) -> dict[str, Any]:
    """The mentor's students, the month they are assessing, and the months overdue."""
    month = rules.add_months(month_start(today), -1)  # the month the month page opens on
    students = (
        placements_visible_to(user)
        .filter(cooperative_mentor__user=user)
        .select_related("student", "base")
        .order_by("student__student_no")
    )
    rows = list(mentor_month_placements(user, month))
    assessments = {a.placement_id: a for a in MonthlyAssessment.objects.filter(month=month, placement__in=rows)}
    month_rows = [(placement, assessments.get(placement.pk)) for placement in rows]
    overdue = overdue_assessments(user, today)
    return {
        "students": list(students[: LIST_LIMIT * 3]),
        "students_count": students.count(),
        "month": month,
        "month_url": _url("assessments:month_page", f"month={month:%Y-%m}"),
        "month_rows": month_rows,
        "month_done": sum(1 for _p, a in month_rows if a is not None and a.state != MonthlyAssessment.State.DRAFT),
        "overdue": overdue[:LIST_LIMIT],
        "overdue_total": len(overdue),
        "overdue_url": _url("assessments:overdue_list"),
    }


# --- a student -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """Something the student has to do or attend, and where."""

    label: Any
    day: dt.date | None
    url: str = ""


def student_dashboard(user: Any, today: dt.date) -> dict[str, Any]:
    """The student's stages with their dates, what is due next, and the allowance."""
    this_month = month_start(today)
    placements = list(
        placements_visible_to(user)
        .filter(student__user=user)
        .select_related("base", "cooperative_mentor")
        .order_by("-created_at")
    )
    summaries = set(
        WorkSummary.objects.filter(placement__in=[p.pk for p in placements], month=this_month).values_list(
            "placement_id", flat=True
        )
    )
    due: list[Due] = []
    for placement in placements:
        practising = (
            placement.practice_start is not None
            and placement.practice_start <= today
            and (placement.practice_end is None or placement.practice_end >= this_month)
        )
        if practising and placement.pk not in summaries and user.has_perm("assessments.add_worksummary"):
            due.append(
                Due(
                    _("Your work summary for %(month)s") % {"month": f"{this_month:%Y-%m}"},
                    rules.month_bounds(this_month)[1],
                    reverse("assessments:work_summary"),
                )
            )
        if placement.stage == Placement.Stage.PRACTICE and placement.practice_end and placement.practice_end >= today:
            due.append(Due(_("Practice ends at %(base)s") % {"base": placement.base.name}, placement.practice_end))
        if placement.proposal_on and placement.proposal_on >= today:
            due.append(Due(_("Thesis proposal"), placement.proposal_on))
        if placement.defence_on and placement.defence_on >= today and not placement.defence_result:
            due.append(Due(_("Thesis defence"), placement.defence_on))
    due.sort(key=lambda item: item.day or dt.date.max)
    payments = payments_visible_to(user).filter(placement__student__user=user)
    totals = payments.aggregate(paid=Sum("amount", filter=Q(paid_on__isnull=False)), count=Count("pk"))
    return {
        "placements": placements,
        "due": due,
        "paid_total": Decimal(totals["paid"] or 0).quantize(rules.FEN),
        "payment_count": totals["count"],
        "payments": list(payments.select_related("base").order_by("-month")[:5]),
        "can_see_payments": user.has_perm("assessments.view_allowancepayment"),
    }


__all__ = [
    "AllowanceMonth",
    "BaseCompliance",
    "Due",
    "Figure",
    "allowance_by_month",
    "base_admin_dashboard",
    "bases_by_name",
    "compliance_summary",
    "mentor_dashboard",
    "office_dashboard",
    "student_dashboard",
]
