"""The daily scans: what falls due today, turned into notices. Each scan is idempotent.

A scan looks at windows, not single days ("within 30 days", "overdue"), and the notice's due key
names the threshold; so a day the scan did not run is caught up the next day, and a notice is
never sent twice. "Today" is the local date in Asia/Shanghai.

A run reads each kind of record once, reads the recipients once (``Recipients``) and writes the
notices through one ``Outbox`` in batches, so its number of queries does not grow with the number
of records or notices (only applying notices that take effect writes row by row).
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from agreements.models import Agreement, BaseUserObjectPermission, EvaluationCycle, Party, TrainingBase
from assessments.models import MonthlyAssessment, month_start
from base_portal import rules
from mentors.models import Appointment
from students.models import Placement, PracticeNotice
from students.services import notices_apply_due

from .models import Kind
from .services import Outbox, dispatch

EVALUATION_REMINDER_DAYS = (60, 30, 7)
AGREEMENT_REMINDER_DAYS = (180, 90, 30)
APPOINTMENT_REMINDER_DAYS = (30,)
NOTICE_REMINDER_DAYS = 7
# Overdue assessments: the mentor is reminded after the 5th of the next month, the base admin after the 10th.
MENTOR_REMINDER_AFTER_DAY = 5
BASE_ADMIN_REMINDER_AFTER_DAY = 10


def office_users() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.OFFICE, is_active=True)


def _admin_grants() -> QuerySet[BaseUserObjectPermission]:
    return BaseUserObjectPermission.objects.filter(permission__codename="manage_base", user__is_active=True)


def base_admins(base: TrainingBase) -> QuerySet[User]:
    return User.objects.filter(pk__in=_admin_grants().filter(content_object=base).values("user_id"))


def party_users(party: str, base: TrainingBase) -> QuerySet[User]:
    return office_users() if party == Party.A else base_admins(base)


class Recipients:
    """Who hears of a base's matters, read once per run: two queries, whatever the number of bases."""

    def __init__(self) -> None:
        self._office: list[User] | None = None
        self._admins: dict[int, list[User]] | None = None

    def office(self) -> list[User]:
        if self._office is None:
            self._office = list(office_users())
        return self._office

    def base_admins(self, base_id: int) -> list[User]:
        if self._admins is None:
            self._admins = defaultdict(list)
            for grant in _admin_grants().select_related("user").order_by("user_id"):
                self._admins[int(grant.content_object_id)].append(grant.user)
        return self._admins.get(base_id, [])

    def both_parties(self, base_id: int) -> list[User]:
        return [*self.office(), *self.base_admins(base_id)]


def tightest(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The smallest reminder threshold that ``days_left`` has reached (None if none yet)."""
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


def student_link(placement: Placement) -> str:
    return reverse("students:student_detail", args=[placement.student_id])


def notify_notice_filed(*, notice_id: int) -> int:
    """Tell the other party a notice was filed (a short one, for illness, as such)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _notify_notice_filed(notice_id)


def _notify_notice_filed(notice_id: int) -> int:
    notice = PracticeNotice.objects.select_related("placement__student", "placement__base").get(pk=notice_id)
    other = Party.B if notice.filed_by == Party.A else Party.A
    kind = Kind.NOTICE_SHORT if not rules.notice_is_timely(notice.notice_date, notice.new_end) else Kind.NOTICE_FILED
    title = _("%(kind)s: %(student)s, practice ends %(day)s") % {
        "kind": notice.get_kind_display(),
        "student": notice.placement.student,
        "day": notice.new_end,
    }
    body = _(
        "%(party)s filed a notice on %(date)s: %(kind)s. Practice of %(student)s at %(base)s ends on %(day)s. "
        "Reason: %(reason)s"
    ) % {
        "party": notice.get_filed_by_display(),
        "date": notice.notice_date,
        "kind": notice.get_kind_display(),
        "student": notice.placement.student,
        "base": notice.placement.base,
        "day": notice.new_end,
        "reason": notice.reason,
    }
    return len(
        dispatch(
            kind=kind,
            subject=notice,
            due=notice.notice_date.isoformat(),
            recipients=party_users(other, notice.placement.base),
            title=title,
            body=body,
            link=student_link(notice.placement),
        )
    )


def scan(check: Callable[[dt.date, Outbox, Recipients], None]) -> Callable[..., int]:
    """A scan that can run alone (``scan_x(today)``) or share a run's outbox; returns the notices it sent."""

    @functools.wraps(check)
    def run(today: dt.date, outbox: Outbox | None = None, who: Recipients | None = None) -> int:
        outbox = outbox or Outbox()
        before = len(outbox.flush())
        check(today, outbox, who or Recipients())
        return len(outbox.flush()) - before

    return run


@scan
def scan_notices(today: dt.date, outbox: Outbox, who: Recipients) -> None:
    """A week before a notice takes effect, remind both parties; when it takes effect, tell them."""
    notices = PracticeNotice.objects.exclude(kind=PracticeNotice.Kind.ILLNESS).select_related(
        "placement__student", "placement__base"
    )
    for notice in notices.filter(applied_on__isnull=True, new_end__gte=today - dt.timedelta(days=31)):
        effective = notice.new_end if notice.kind == PracticeNotice.Kind.END_EARLY else notice.previous_end
        if effective is None or not (effective - dt.timedelta(days=NOTICE_REMINDER_DAYS) <= today < effective):
            continue
        outbox.add(
            kind=Kind.NOTICE_REMINDER,
            subject=notice,
            due=effective.isoformat(),
            recipients=who.both_parties(notice.placement.base_id),
            title=_("In a week: %(kind)s for %(student)s")
            % {"kind": notice.get_kind_display(), "student": notice.placement.student},
            body=_("The notice filed on %(date)s takes effect on %(day)s.")
            % {"date": notice.notice_date, "day": effective},
            link=student_link(notice.placement),
        )
    for notice in PracticeNotice.objects.filter(
        applied_on__isnull=False, applied_on__gte=today - dt.timedelta(days=31)
    ).select_related("placement__student", "placement__base"):
        outbox.add(
            kind=Kind.NOTICE_EFFECTIVE,
            subject=notice,
            due=str(notice.applied_on),
            recipients=who.both_parties(notice.placement.base_id),
            title=_("Took effect: %(kind)s for %(student)s")
            % {"kind": notice.get_kind_display(), "student": notice.placement.student},
            body=_("Practice now ends on %(day)s.") % {"day": notice.new_end},
            link=student_link(notice.placement),
        )


@scan
def scan_evaluations(today: dt.date, outbox: Outbox, who: Recipients) -> None:
    """Evaluations due within 60, 30 or 7 days, and overdue ones, to the base admins and the office."""
    cycles = EvaluationCycle.objects.filter(
        state__in=EvaluationCycle.OPEN_STATES, due_on__lte=today + dt.timedelta(days=max(EVALUATION_REMINDER_DAYS))
    ).select_related("base")
    for cycle in cycles:
        days_left = (cycle.due_on - today).days
        recipients = who.both_parties(cycle.base_id)
        link = reverse("agreements:evaluation_detail", args=[cycle.pk])
        if days_left < 0:
            outbox.add(
                kind=Kind.EVALUATION_OVERDUE,
                subject=cycle,
                due=cycle.due_on.isoformat(),
                recipients=recipients,
                title=_("Overdue: the evaluation of %(base)s") % {"base": cycle.base},
                body=_("The biennial evaluation of %(base)s was due on %(day)s.")
                % {"base": cycle.base, "day": cycle.due_on},
                link=link,
            )
            continue
        threshold = tightest(days_left, EVALUATION_REMINDER_DAYS)
        if threshold is not None:
            outbox.add(
                kind=Kind.EVALUATION_DUE,
                subject=cycle,
                due=f"{cycle.due_on}:{threshold}",
                recipients=recipients,
                title=_("Due in %(n)s days: the evaluation of %(base)s") % {"n": days_left, "base": cycle.base},
                body=_("The biennial evaluation of %(base)s is due on %(day)s.")
                % {"base": cycle.base, "day": cycle.due_on},
                link=link,
            )


@scan
def scan_agreements(today: dt.date, outbox: Outbox, who: Recipients) -> None:
    """Agreements 180, 90 and 30 days from their last day: renewal needs a new agreement."""
    agreements = [
        agreement
        for agreement in Agreement.objects.in_force_on(today)
        .filter(in_force_until__lte=today + dt.timedelta(days=max(AGREEMENT_REMINDER_DAYS)))
        .select_related("base")
        if agreement.in_force_until is not None
        and tightest((agreement.in_force_until - today).days, AGREEMENT_REMINDER_DAYS) is not None
    ]
    # The students in practice at those bases, read at once; each agreement names those it would not cover.
    practising: dict[int, list[Placement]] = defaultdict(list)
    for placement in Placement.objects.filter(
        base__in=[agreement.base_id for agreement in agreements], stage=Placement.Stage.PRACTICE
    ).select_related("student"):
        practising[placement.base_id].append(placement)
    for agreement in agreements:
        assert agreement.in_force_until is not None  # noqa: S101 - filtered above
        days_left = (agreement.in_force_until - today).days
        threshold = tightest(days_left, AGREEMENT_REMINDER_DAYS)
        past_end = [
            placement
            for placement in practising[agreement.base_id]
            if placement.practice_end is not None and placement.practice_end > agreement.in_force_until
        ]
        names = "、".join(str(p.student) for p in past_end) or _("none")
        outbox.add(
            kind=Kind.AGREEMENT_EXPIRING,
            subject=agreement,
            due=f"{agreement.in_force_until}:{threshold}",
            recipients=who.both_parties(agreement.base_id),
            title=_("%(base)s: the agreement ends in %(n)s days") % {"base": agreement.base, "n": days_left},
            body=_(
                "The agreement of %(base)s ends on %(day)s; renewal needs a new agreement. "
                "Students whose practice would run past it: %(names)s."
            )
            % {"base": agreement.base, "day": agreement.in_force_until, "names": names},
            link=reverse("agreements:agreement_detail", args=[agreement.pk]),
        )


@scan
def scan_assessments(today: dt.date, outbox: Outbox, who: Recipients) -> None:
    """Months that ended without a confirmed assessment: the mentor after the 5th, then the base admin."""
    if today.day <= MENTOR_REMINDER_AFTER_DAY:
        return
    month = rules.add_months(month_start(today), -1)
    first, last = rules.month_bounds(month)
    confirmed = MonthlyAssessment.objects.filter(month=month, state=MonthlyAssessment.State.CONFIRMED).values(
        "placement_id"
    )
    placements = (
        Placement.objects.filter(practice_start__lte=last)
        .exclude(practice_end__lt=first)
        .exclude(pk__in=confirmed)
        .select_related("student", "cooperative_mentor__user")
    )
    mentor_link = f"{reverse('assessments:month_page')}?month={month:%Y-%m}"
    admin_link = reverse("assessments:assessment_list")
    body = _("The month has ended and its assessment is not confirmed yet.")
    for placement in placements:
        title = _("Overdue: the %(month)s assessment of %(student)s") % {
            "month": f"{month:%Y-%m}",
            "student": placement.student,
        }
        mentor_user = placement.cooperative_mentor.user if placement.cooperative_mentor else None
        if mentor_user is not None:
            outbox.add(
                kind=Kind.ASSESSMENT_OVERDUE,
                subject=placement,
                due=f"{month:%Y-%m}:mentor",
                recipients=[mentor_user],
                title=title,
                body=body,
                link=mentor_link,
            )
        if today.day > BASE_ADMIN_REMINDER_AFTER_DAY:
            outbox.add(
                kind=Kind.ASSESSMENT_OVERDUE,
                subject=placement,
                due=f"{month:%Y-%m}:base",
                recipients=who.base_admins(placement.base_id),
                title=title,
                body=body,
                link=admin_link,
            )


@scan
def scan_appointments(today: dt.date, outbox: Outbox, who: Recipients) -> None:
    """Mentor appointments ending within 30 days with no next term on record."""
    next_term = Appointment.objects.filter(mentor=OuterRef("mentor"), starts_on__gt=OuterRef("ends_on"))
    ending = (
        Appointment.objects.filter(
            ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=max(APPOINTMENT_REMINDER_DAYS))
        )
        .exclude(Exists(next_term))
        .select_related("mentor__user", "base")
    )
    for appointment in ending:
        recipients = who.both_parties(appointment.base_id)
        if appointment.mentor.user is not None:
            recipients.append(appointment.mentor.user)
        outbox.add(
            kind=Kind.APPOINTMENT_EXPIRING,
            subject=appointment,
            due=appointment.ends_on.isoformat(),
            recipients=recipients,
            title=_("The appointment of %(mentor)s ends on %(day)s")
            % {"mentor": appointment.mentor, "day": appointment.ends_on},
            body=_("Without a new appointment, %(mentor)s cannot be given new students after that day.")
            % {"mentor": appointment.mentor},
            link=reverse("mentors:mentor_detail", args=[appointment.mentor_id]),
        )


SCANS = (
    ("notice_notices", scan_notices),
    ("evaluation_notices", scan_evaluations),
    ("agreement_notices", scan_agreements),
    ("assessment_notices", scan_assessments),
    ("appointment_notices", scan_appointments),
)


def run_daily(*, today: dt.date) -> dict[str, int]:
    """Everything that falls due today. Running it again the same day sends nothing new.

    Notices are records, so they are written in the portal's language whatever the caller's.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _run_daily(today)


def _run_daily(today: dt.date) -> dict[str, int]:
    counts = {"notices_applied": notices_apply_due(today=today)}
    outbox, who = Outbox(), Recipients()
    for name, run in SCANS:
        counts[name] = run(today, outbox, who)
    return counts
