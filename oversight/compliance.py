"""The agreement's duties, checked per base: one function per duty, each red, amber or green.

Every duty is checked for many bases at once with a fixed number of queries, so the office's
dashboard costs the same for ten bases as for five hundred. A duty function takes a queryset of
bases and the day, and returns the findings of each base that has any; a base with none is green
for that duty. Each finding links to the page where it is put right.

    findings = findings_by_base(bases_visible_to(user), today)      # {base_id: [Finding, ...]}, graded now
    results = duties_of_base(base, today)                            # [DutyResult, ...] for one base
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import Agreement, TrainingBase
from base_portal import rules


class Level:
    """How serious a finding is; a duty's level is its worst finding's."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    ORDER = (GREEN, AMBER, RED)
    LABELS = {GREEN: pgettext_lazy("compliance", "Met"), AMBER: _("Needs attention"), RED: _("Not met")}


@dataclass(frozen=True)
class Finding:
    """One thing wrong at one base, and the page that puts it right."""

    duty: str
    level: str
    message: str
    url: str


@dataclass(frozen=True)
class Duty:
    """A duty of the agreement and the function that checks it."""

    key: str
    title: str | Promise
    check: Callable[[QuerySet[TrainingBase], dt.date], dict[int, list[Finding]]]


class Graded:
    """Findings seen together (a duty's, a base's): counted by level, and as serious as the worst."""

    findings: list[Finding]

    @property
    def red(self) -> int:
        return sum(1 for finding in self.findings if finding.level == Level.RED)

    @property
    def amber(self) -> int:
        return sum(1 for finding in self.findings if finding.level == Level.AMBER)

    @property
    def level(self) -> str:
        return worst(finding.level for finding in self.findings)

    @property
    def level_label(self) -> str:
        return str(Level.LABELS[self.level])


@dataclass
class DutyResult(Graded):
    """A duty's outcome at one base."""

    duty: Duty
    findings: list[Finding] = field(default_factory=list)


def worst(levels: Iterable[str]) -> str:
    return max(levels, key=Level.ORDER.index, default=Level.GREEN)


def level_of(red: int, amber: int) -> str:
    """The level of findings counted by level: red if any is red, amber if any is amber."""
    return Level.RED if red else Level.AMBER if amber else Level.GREEN


def detail_url(url_name: str, pk: int) -> str:
    """A detail page's address; reversed once per URL name (findings name thousands of students)."""
    return _url_pattern(url_name).replace(str(_URL_MARK), str(pk), 1)


_URL_MARK = 987654321


@functools.cache
def _url_pattern(url_name: str) -> str:
    return reverse(url_name, args=[_URL_MARK])


def _base_url(base_id: int) -> str:
    return detail_url("agreements:base_detail", base_id)


def in_force_agreements(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, Agreement]:
    """The agreement in force today at each base (one query)."""
    agreements = Agreement.objects.in_force_on(today).filter(base__in=bases.values("pk"))
    return {agreement.base_id: agreement for agreement in agreements}


# --- the duties ----------------------------------------------------------------------------------


def positions_offered(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Party B offers at least the agreement's yearly minimum of positions this year."""
    from students.models import PositionDemand

    agreements = in_force_agreements(bases, today)
    offered = dict(
        PositionDemand.objects.filter(base__in=list(agreements), year=today.year)
        .values("base")
        .annotate(n=Sum("count"))
        .values_list("base", "n")
    )
    findings: dict[int, list[Finding]] = {}
    for base_id, agreement in agreements.items():
        have = offered.get(base_id) or 0
        if have < agreement.min_students_per_year:
            findings[base_id] = [
                Finding(
                    "positions",
                    Level.RED if have == 0 else Level.AMBER,
                    str(
                        _("%(year)s: %(have)s positions offered, the agreement asks for at least %(need)s.")
                        % {"year": today.year, "have": have, "need": agreement.min_students_per_year}
                    ),
                    reverse("students:demand_list") + f"?base={base_id}",
                )
            ]
    return findings


def _student_url(student_id: int) -> str:
    return detail_url("students:student_detail", student_id)


def _student_label(full_name: str, student_no: str) -> str:
    """A student as the rest of the portal names them: name and number."""
    return f"{full_name} ({student_no})"


def _in_practice_on(today: dt.date) -> Q:
    """Placements in the practice stage whose practice covers ``today``."""
    from students.models import Placement

    return Q(stage=Placement.Stage.PRACTICE, practice_start__lte=today) & (
        Q(practice_end__isnull=True) | Q(practice_end__gte=today)
    )


# Records older than this many months no longer count on the dashboard (notices, payments, assessments).
LOOKBACK_MONTHS = 12


def _month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def allowance_paid(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """The living allowance is at least the floor: 1000 CNY a month for master's, 2000 for doctoral students.

    Red for a policy in force today whose monthly amount is below the floor, and for a full month
    (every day in practice, no recorded reduction) paid below the floor in the last twelve months.
    """
    from assessments.models import AllowancePayment, AllowancePolicy
    from students.models import Student

    findings: dict[int, list[Finding]] = defaultdict(list)
    # The policy in force today for a base and level is the latest one from today or earlier.
    policies = (
        AllowancePolicy.objects.filter(base__in=bases.values("pk"), effective_from__lte=today)
        .order_by("base_id", "degree_level", "-effective_from")
        .values_list("base_id", "degree_level", "effective_from", "base_amount")
    )
    seen: set[tuple[int, str]] = set()
    for base_id, level, effective_from, amount in policies:
        if (base_id, level) in seen:
            continue
        seen.add((base_id, level))
        floor = rules.allowance_floor(level)
        if amount < floor:
            findings[base_id].append(
                Finding(
                    "allowance",
                    Level.RED,
                    str(
                        _(
                            "The allowance for %(level)s students in force since %(day)s is %(amount)s CNY a month, "
                            "below the floor of %(floor)s CNY."
                        )
                        % {
                            "level": Student.DegreeLevel(level).label,
                            "day": effective_from,
                            "amount": amount,
                            "floor": floor,
                        }
                    ),
                    reverse("assessments:policy_create"),
                )
            )
    highest_floor = max(rules.allowance_floor(level) for level in Student.DegreeLevel.values)
    payments = (
        AllowancePayment.objects.filter(
            base__in=bases.values("pk"),
            reduction_reason="",
            amount__lt=highest_floor,
            month__gte=rules.add_months(today.replace(day=1), -LOOKBACK_MONTHS),
        )
        .order_by("base_id", "month", "placement__student__student_no")
        .values_list(
            "base_id",
            "assessment_id",
            "month",
            "days_in_practice",
            "amount",
            "placement__student__degree_level",
            "placement__student__full_name",
            "placement__student__student_no",
        )
    )
    for base_id, assessment_id, month, days, amount, level, name, number in payments:
        if days < rules.month_bounds(month)[1].day:
            continue  # a part month is pro-rated
        floor = rules.allowance_floor(level)
        if amount < floor:
            findings[base_id].append(
                Finding(
                    "allowance",
                    Level.RED,
                    str(
                        _(
                            "%(student)s: %(amount)s CNY paid for the full month %(month)s, "
                            "below the floor of %(floor)s CNY."
                        )
                        % {
                            "student": _student_label(name, number),
                            "amount": amount,
                            "month": _month_label(month),
                            "floor": floor,
                        }
                    ),
                    reverse("assessments:assessment_detail", args=[assessment_id]),
                )
            )
    return dict(findings)


def practice_safety(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """A student in practice has a safety agreement signed before the start and accident insurance covering today.

    The insurance must be bought by the party the agreement in force names.
    """
    from agreements.models import Party
    from students.models import InsurancePolicy, Placement

    practising = Placement.objects.filter(_in_practice_on(today), base__in=bases.values("pk"))
    rows = practising.order_by("base_id", "student__student_no").values_list(
        "pk",
        "base_id",
        "student_id",
        "student__full_name",
        "student__student_no",
        "practice_start",
        "safety_agreement__base_signed_on",
        "safety_agreement__student_signed_on",
        "safety_agreement__supervisor_signed_on",
    )
    covering: dict[int, set[str]] = defaultdict(set)
    for placement_id, bought_by in InsurancePolicy.objects.filter(
        placement__in=practising.values("pk"), covers_from__lte=today, covers_to__gte=today
    ).values_list("placement_id", "bought_by"):
        covering[placement_id].add(bought_by)
    agreements = in_force_agreements(bases, today)

    findings: dict[int, list[Finding]] = defaultdict(list)
    for placement_id, base_id, student_id, name, number, start, *signed in rows:
        student = _student_label(name, number)
        url = _student_url(student_id)
        if any(day is None for day in signed):
            findings[base_id].append(
                Finding(
                    "safety",
                    Level.RED,
                    str(_("%(student)s is in practice without a signed safety agreement.") % {"student": student}),
                    url,
                )
            )
        elif start is not None and (fully_signed := max(day for day in signed if day is not None)) > start:
            findings[base_id].append(
                Finding(
                    "safety",
                    Level.RED,
                    str(
                        _("%(student)s: the safety agreement was fully signed only on %(day)s, after practice began.")
                        % {"student": student, "day": fully_signed}
                    ),
                    url,
                )
            )
        agreement = agreements.get(base_id)
        buyers = covering.get(placement_id, set())
        if agreement is not None and agreement.insurance_party not in buyers:
            findings[base_id].append(
                Finding(
                    "safety",
                    Level.RED,
                    str(
                        _("%(student)s: no accident insurance bought by %(party)s covers %(day)s.")
                        % {"student": student, "party": Party(agreement.insurance_party).label, "day": today}
                    ),
                    url,
                )
            )
        elif agreement is None and not buyers:
            findings[base_id].append(
                Finding(
                    "safety",
                    Level.RED,
                    str(_("%(student)s: no accident insurance covers %(day)s.") % {"student": student, "day": today}),
                    url,
                )
            )
    return dict(findings)


def practice_length(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Practice lasts 6 to 12 months unless a reason is recorded: amber while planned, red once started.

    The actual dates count where practice has started, the planned ones before. Practice ended early
    (by notice or illness) carries its reason and is not flagged.
    """
    from students.models import Placement

    rows = (
        Placement.objects.filter(base__in=bases.values("pk"), length_exception_reason="", practice_ended_early_for="")
        .filter(Q(practice_start__isnull=False) | Q(planned_practice_start__isnull=False))
        .order_by("base_id", "student__student_no")
        .values_list(
            "base_id",
            "student_id",
            "student__full_name",
            "student__student_no",
            "practice_start",
            "practice_end",
            "planned_practice_start",
            "planned_practice_end",
        )
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    for base_id, student_id, name, number, start, end, planned_start, planned_end in rows:
        first: dt.date | None = start if start is not None else planned_start
        last: dt.date | None = (end or planned_end) if start is not None else planned_end
        if first is None or last is None or rules.practice_length_ok(first, last):
            continue
        started = start is not None and start <= today
        findings[base_id].append(
            Finding(
                "practice_length",
                Level.RED if started else Level.AMBER,
                str(
                    _(
                        "%(student)s: practice from %(start)s to %(end)s is outside 6 to 12 months "
                        "and no reason is recorded."
                    )
                    % {"student": _student_label(name, number), "start": first, "end": last}
                ),
                _student_url(student_id),
            )
        )
    return dict(findings)


def thesis_confidentiality(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Party B confirms whether the thesis is confidential before the thesis proposal."""
    from students.models import Placement

    rows = (
        Placement.objects.filter(base__in=bases.values("pk"), proposal_on__isnull=False, proposal_on__lte=today)
        .filter(Q(confidentiality__isnull=True) | Q(confidentiality__confirmed_on__gt=F("proposal_on")))
        .order_by("base_id", "student__student_no")
        .values_list(
            "base_id",
            "student_id",
            "student__full_name",
            "student__student_no",
            "proposal_on",
            "confidentiality__confirmed_on",
        )
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    for base_id, student_id, name, number, proposal_on, confirmed_on in rows:
        student = _student_label(name, number)
        if confirmed_on is None:
            message = _("%(student)s: thesis proposal held on %(proposal)s with no confidentiality confirmation.") % {
                "student": student,
                "proposal": proposal_on,
            }
        else:
            message = _(
                "%(student)s: confidentiality confirmed on %(confirmed)s, after the thesis proposal on %(proposal)s."
            ) % {"student": student, "confirmed": confirmed_on, "proposal": proposal_on}
        findings[base_id].append(Finding("confidentiality", Level.RED, str(message), _student_url(student_id)))
    return dict(findings)


def notice_periods(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Notices ending practice early or late give the other party a month; illness is the exception.

    Notices given in the last twelve months count (a notice given exactly twelve months ago still does).
    """
    from students.models import PracticeNotice

    since = rules.add_months(today, -LOOKBACK_MONTHS)
    rows = (
        PracticeNotice.objects.filter(
            placement__base__in=bases.values("pk"), notice_date__gte=since, notice_date__lte=today
        )
        .exclude(kind=PracticeNotice.Kind.ILLNESS)
        .order_by("placement__base_id", "notice_date", "pk")
        .values_list(
            "placement__base_id",
            "placement__student_id",
            "placement__student__full_name",
            "placement__student__student_no",
            "notice_date",
            "new_end",
        )
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    for base_id, student_id, name, number, notice_date, new_end in rows:
        if rules.notice_is_timely(notice_date, new_end):
            continue
        findings[base_id].append(
            Finding(
                "notices",
                Level.AMBER,
                str(
                    _(
                        "%(student)s: notice given on %(notice)s to end practice on %(end)s, "
                        "less than a month ahead (%(earliest)s at the earliest)."
                    )
                    % {
                        "student": _student_label(name, number),
                        "notice": notice_date,
                        "end": new_end,
                        "earliest": rules.notice_earliest_end(notice_date),
                    }
                ),
                _student_url(student_id),
            )
        )
    return dict(findings)


def monthly_assessments(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Every month of practice that has ended has a confirmed assessment.

    Red if a month before last month is still missing or unconfirmed; amber if only last month is.
    The months are those of ``assessments.selectors.months_of_practice``, as on the overdue list,
    limited to the twelve months before this one (older gaps stay on the overdue list).
    """
    from assessments.models import MonthlyAssessment, month_start
    from assessments.selectors import practice_months
    from students.models import Placement

    this_month = month_start(today)
    last_ended = rules.add_months(this_month, -1)
    since = rules.add_months(this_month, -LOOKBACK_MONTHS)
    placements = Placement.objects.filter(base__in=bases.values("pk"), practice_start__lt=this_month).filter(
        Q(practice_end__isnull=True) | Q(practice_end__gte=since)
    )
    confirmed = set(
        MonthlyAssessment.objects.filter(
            placement__in=placements.values("pk"), state=MonthlyAssessment.State.CONFIRMED, month__gte=since
        ).values_list("placement_id", "month")
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    url = reverse("assessments:overdue_list")
    rows = placements.order_by("base_id", "student__student_no").values_list(
        "pk", "base_id", "practice_start", "practice_end", "student__full_name", "student__student_no"
    )
    for placement_id, base_id, start, end, full_name, student_no in rows:
        missing = [
            month for month in practice_months(start, end, last_ended, since) if (placement_id, month) not in confirmed
        ]
        if not missing:
            continue
        student = _student_label(full_name, student_no)
        if missing[0] < last_ended:
            findings[base_id].append(
                Finding(
                    "assessments",
                    Level.RED,
                    str(
                        _("%(student)s: no confirmed monthly assessment for %(months)s.")
                        % {"student": student, "months": ", ".join(_month_label(month) for month in missing)}
                    ),
                    url,
                )
            )
        else:
            findings[base_id].append(
                Finding(
                    "assessments",
                    Level.AMBER,
                    str(
                        _("%(student)s: last month's assessment (%(month)s) is not confirmed yet.")
                        % {"student": student, "month": _month_label(last_ended)}
                    ),
                    url,
                )
            )
    return dict(findings)


def mentor_appointments(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Cooperative mentors of students in practice hold a current appointment (red) and have been trained (amber)."""
    from mentors.models import Mentor, MentorTraining
    from mentors.selectors import current_appointments
    from students.models import Placement

    rows = (
        Placement.objects.filter(
            _in_practice_on(today), base__in=bases.values("pk"), cooperative_mentor__kind=Mentor.Kind.COOPERATIVE
        )
        .annotate(
            appointed=Exists(current_appointments(today).filter(mentor=OuterRef("cooperative_mentor"))),
            trained=Exists(MentorTraining.objects.filter(mentor=OuterRef("cooperative_mentor"))),
        )
        .order_by("base_id", "cooperative_mentor__full_name", "cooperative_mentor_id")
        .values_list("base_id", "cooperative_mentor_id", "cooperative_mentor__full_name", "appointed", "trained")
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for base_id, mentor_id, name, appointed, trained in rows:
        if (base_id, mentor_id) in seen:
            continue
        seen.add((base_id, mentor_id))
        url = reverse("mentors:mentor_detail", args=[mentor_id])
        if not appointed:
            findings[base_id].append(
                Finding(
                    "mentors",
                    Level.RED,
                    str(
                        _("%(mentor)s mentors students in practice without an appointment current on %(day)s.")
                        % {"mentor": name, "day": today}
                    ),
                    url,
                )
            )
        if not trained:
            findings[base_id].append(
                Finding(
                    "mentors",
                    Level.AMBER,
                    str(_("%(mentor)s mentors students in practice and has no training on record.") % {"mentor": name}),
                    url,
                )
            )
    return dict(findings)


def evaluation_on_time(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """The biennial evaluation is done by its due date: a cycle past due and still open is red."""
    from agreements.models import EvaluationCycle

    rows = (
        EvaluationCycle.objects.filter(
            base__in=bases.values("pk"), state__in=EvaluationCycle.OPEN_STATES, due_on__lt=today
        )
        .order_by("base_id", "due_on")
        .values_list("pk", "base_id", "sequence", "due_on")
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    for cycle_id, base_id, sequence, due_on in rows:
        findings[base_id].append(
            Finding(
                "evaluation",
                Level.RED,
                str(_("Evaluation no. %(n)s was due on %(day)s and is not done.") % {"n": sequence, "day": due_on}),
                reverse("agreements:evaluation_detail", args=[cycle_id]),
            )
        )
    return dict(findings)


EXPIRY_WARNING_DAYS = 90


def agreement_expiry(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """The agreement stays in force through each student's practice unless going beyond it was decided.

    Red for a student in practice or with planned practice ending after the agreement in force
    (with no recorded decision), and for a student in practice with no agreement in force at all;
    amber for an agreement ending within 90 days while students are in practice.
    """
    from students.models import Placement

    agreements = in_force_agreements(bases, today)
    current = Q(stage=Placement.Stage.PRACTICE) & (Q(practice_end__isnull=True) | Q(practice_end__gte=today))
    planned = Q(stage=Placement.Stage.COURSEWORK, planned_practice_end__gte=today)
    rows = (
        Placement.objects.filter(current | planned, base__in=bases.values("pk"))
        .order_by("base_id", "student__student_no")
        .values_list(
            "base_id",
            "student_id",
            "student__full_name",
            "student__student_no",
            "stage",
            "practice_start",
            "practice_end",
            "planned_practice_end",
            "beyond_agreement_reason",
        )
    )
    findings: dict[int, list[Finding]] = defaultdict(list)
    practising: dict[int, int] = defaultdict(int)
    for base_id, student_id, name, number, stage, start, end, planned_end, beyond_reason in rows:
        in_practice = stage == Placement.Stage.PRACTICE and start is not None and start <= today
        if in_practice:
            practising[base_id] += 1
        student = _student_label(name, number)
        agreement = agreements.get(base_id)
        if agreement is None:
            if in_practice:
                findings[base_id].append(
                    Finding(
                        "expiry",
                        Level.RED,
                        str(_("%(student)s is in practice with no agreement in force.") % {"student": student}),
                        _base_url(base_id),
                    )
                )
            continue
        last = end if stage == Placement.Stage.PRACTICE else planned_end
        until = agreement.in_force_until
        if last is not None and until is not None and last > until and not beyond_reason.strip():
            findings[base_id].append(
                Finding(
                    "expiry",
                    Level.RED,
                    str(
                        _(
                            "%(student)s: practice ends on %(end)s, after the agreement's last day %(day)s, "
                            "and no decision to go beyond it is recorded."
                        )
                        % {"student": student, "end": last, "day": until}
                    ),
                    _student_url(student_id),
                )
            )
    horizon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    for base_id, agreement in agreements.items():
        until = agreement.in_force_until
        if until is not None and until <= horizon and practising.get(base_id):
            findings[base_id].append(
                Finding(
                    "expiry",
                    Level.AMBER,
                    str(
                        _("The agreement ends on %(day)s, within %(days)s days, while %(n)s students are in practice.")
                        % {"day": until, "days": EXPIRY_WARNING_DAYS, "n": practising[base_id]}
                    ),
                    reverse("agreements:agreement_detail", args=[agreement.pk]),
                )
            )
    return dict(findings)


def yearly_activity(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """The parties brief each other on the base every year, and hold exchange activities."""
    annotated = bases.annotate(
        briefings_this_year=Count("briefings", filter=Q(briefings__held_on__year=today.year), distinct=True),
        exchanges_this_year=Count("exchanges", filter=Q(exchanges__held_on__year=today.year), distinct=True),
    ).values_list("pk", "briefings_this_year", "exchanges_this_year")
    findings: dict[int, list[Finding]] = defaultdict(list)
    for base_id, briefings, exchanges in annotated:
        if not briefings:
            findings[base_id].append(
                Finding(
                    "activity",
                    Level.AMBER,
                    str(_("No yearly briefing recorded in %(year)s.") % {"year": today.year}),
                    _base_url(base_id),
                )
            )
        if not exchanges:
            findings[base_id].append(
                Finding(
                    "activity",
                    Level.AMBER,
                    str(_("No exchange activity recorded in %(year)s.") % {"year": today.year}),
                    _base_url(base_id),
                )
            )
    return dict(findings)


DUTIES: tuple[Duty, ...] = (
    Duty("positions", _("Positions offered against the yearly minimum"), positions_offered),
    Duty("allowance", _("Living allowance at or above the floor"), allowance_paid),
    Duty("safety", _("Safety agreement and accident insurance during practice"), practice_safety),
    Duty("practice_length", _("Practice of 6 to 12 months"), practice_length),
    Duty("confidentiality", _("Confidentiality confirmed before the thesis proposal"), thesis_confidentiality),
    Duty("notices", _("A month's notice to end practice early or late"), notice_periods),
    Duty("assessments", _("Monthly assessments confirmed"), monthly_assessments),
    Duty("mentors", _("Cooperative mentors appointed and trained"), mentor_appointments),
    Duty("evaluation", _("Biennial evaluation on time"), evaluation_on_time),
    Duty("expiry", _("Agreement in force through the practice"), agreement_expiry),
    Duty("activity", _("Yearly briefing and exchange activities"), yearly_activity),
)


def findings_by_base(bases: QuerySet[TrainingBase], today: dt.date) -> dict[int, list[Finding]]:
    """Every finding of every duty, by base (a fixed number of queries whatever the number of bases)."""
    merged: dict[int, list[Finding]] = defaultdict(list)
    for duty in DUTIES:
        for base_id, findings in duty.check(bases, today).items():
            merged[base_id].extend(findings)
    return dict(merged)


def duties_of_base(base: TrainingBase, today: dt.date) -> list[DutyResult]:
    """Each duty's outcome at one base, in the order of DUTIES (graded once a day, see ``oversight.cache``)."""
    from oversight.cache import cached_findings

    findings = cached_findings([base.pk], today).get(base.pk, [])
    return [DutyResult(duty, [finding for finding in findings if finding.duty == duty.key]) for duty in DUTIES]


__all__ = [
    "DUTIES",
    "Duty",
    "DutyResult",
    "Finding",
    "Graded",
    "Level",
    "detail_url",
    "duties_of_base",
    "findings_by_base",
    "level_of",
    "worst",
]
