"""The daily scans: what falls due today, turned into notices. Each scan is idempotent.

A scan looks at windows, not single days ("within 30 days", "overdue"), and the notice's due key
names the threshold; so a day the scan did not run is caught up the next day, and a notice is
never sent twice. "Today" is the local date in Asia/Shanghai.
"""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
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
from .services import dispatch

EVALUATION_REMINDER_DAYS = (60, 30, 7)
AGREEMENT_REMINDER_DAYS = (180, 90, 30)
APPOINTMENT_REMINDER_DAYS = (30,)
NOTICE_REMINDER_DAYS = 7
# Overdue assessments: the mentor is reminded after the 5th of the next month, the base admin after the 10th.
MENTOR_REMINDER_AFTER_DAY = 5
BASE_ADMIN_REMINDER_AFTER_DAY = 10


def office_users() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.OFFICE, is_active=True)


def base_admins(base: TrainingBase) -> QuerySet[User]:
    grants = BaseUserObjectPermission.objects.filter(content_object=base, permission__codename="manage_base")
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)


def party_users(party: str, base: TrainingBase) -> QuerySet[User]:
    return office_users() if party == Party.A else base_admins(base)


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


def scan_notices(today: dt.date) -> int:
    """A week before a notice takes effect, remind both parties; when it takes effect, tell them."""
    sent = 0
    notices = PracticeNotice.objects.exclude(kind=PracticeNotice.Kind.ILLNESS).select_related(
        "placement__student", "placement__base"
    )
    for notice in notices.filter(applied_on__isnull=True, new_end__gte=today - dt.timedelta(days=31)):
        effective = notice.new_end if notice.kind == PracticeNotice.Kind.END_EARLY else notice.previous_end
        if effective is None or not (effective - dt.timedelta(days=NOTICE_REMINDER_DAYS) <= today < effective):
            continue
        recipients = [*party_users(Party.A, notice.placement.base), *party_users(Party.B, notice.placement.base)]
        sent += len(
            dispatch(
                kind=Kind.NOTICE_REMINDER,
                subject=notice,
                due=effective.isoformat(),
                recipients=recipients,
                title=_("In a week: %(kind)s for %(student)s")
                % {"kind": notice.get_kind_display(), "student": notice.placement.student},
                body=_("The notice filed on %(date)s takes effect on %(day)s.")
                % {"date": notice.notice_date, "day": effective},
                link=student_link(notice.placement),
            )
        )
    for notice in PracticeNotice.objects.filter(
        applied_on__isnull=False, applied_on__gte=today - dt.timedelta(days=31)
    ).select_related("placement__student", "placement__base"):
        recipients = [*party_users(Party.A, notice.placement.base), *party_users(Party.B, notice.placement.base)]
        sent += len(
            dispatch(
                kind=Kind.NOTICE_EFFECTIVE,
                subject=notice,
                due=str(notice.applied_on),
                recipients=recipients,
                title=_("Took effect: %(kind)s for %(student)s")
                % {"kind": notice.get_kind_display(), "student": notice.placement.student},
                body=_("Practice now ends on %(day)s.") % {"day": notice.new_end},
                link=student_link(notice.placement),
            )
        )
    return sent


def scan_evaluations(today: dt.date) -> int:
    """Evaluations due within 60, 30 or 7 days, and overdue ones, to the base admins and the office."""
    sent = 0
    cycles = EvaluationCycle.objects.filter(
        state__in=EvaluationCycle.OPEN_STATES, due_on__lte=today + dt.timedelta(days=max(EVALUATION_REMINDER_DAYS))
    ).select_related("base")
    for cycle in cycles:
        days_left = (cycle.due_on - today).days
        recipients = [*office_users(), *base_admins(cycle.base)]
        link = reverse("agreements:evaluation_detail", args=[cycle.pk])
        if days_left < 0:
            sent += len(
                dispatch(
                    kind=Kind.EVALUATION_OVERDUE,
                    subject=cycle,
                    due=cycle.due_on.isoformat(),
                    recipients=recipients,
                    title=_("Overdue: the evaluation of %(base)s") % {"base": cycle.base},
                    body=_("The biennial evaluation of %(base)s was due on %(day)s.")
                    % {"base": cycle.base, "day": cycle.due_on},
                    link=link,
                )
            )
            continue
        threshold = tightest(days_left, EVALUATION_REMINDER_DAYS)
        if threshold is not None:
            sent += len(
                dispatch(
                    kind=Kind.EVALUATION_DUE,
                    subject=cycle,
                    due=f"{cycle.due_on}:{threshold}",
                    recipients=recipients,
                    title=_("Due in %(n)s days: the evaluation of %(base)s") % {"n": days_left, "base": cycle.base},
                    body=_("The biennial evaluation of %(base)s is due on %(day)s.")
                    % {"base": cycle.base, "day": cycle.due_on},
                    link=link,
                )
            )
    return sent


def scan_agreements(today: dt.date) -> int:
    """Agreements 180, 90 and 30 days from their last day: renewal needs a new agreement."""
    sent = 0
    agreements = (
        Agreement.objects.in_force_on(today)
        .filter(in_force_until__lte=today + dt.timedelta(days=max(AGREEMENT_REMINDER_DAYS)))
        .select_related("base")
    )
    for agreement in agreements:
        assert agreement.in_force_until is not None  # noqa: S101 - in_force_on guarantees it
        days_left = (agreement.in_force_until - today).days
        threshold = tightest(days_left, AGREEMENT_REMINDER_DAYS)
        if threshold is None:
            continue
        past_end = Placement.objects.filter(
            base=agreement.base, stage=Placement.Stage.PRACTICE, practice_end__gt=agreement.in_force_until
        ).select_related("student")
        names = "、".join(str(p.student) for p in past_end) or _("none")
        sent += len(
            dispatch(
                kind=Kind.AGREEMENT_EXPIRING,
                subject=agreement,
                due=f"{agreement.in_force_until}:{threshold}",
                recipients=[*office_users(), *base_admins(agreement.base)],
                title=_("%(base)s: the agreement ends in %(n)s days") % {"base": agreement.base, "n": days_left},
                body=_(
                    "The agreement of %(base)s ends on %(day)s; renewal needs a new agreement. "
                    "Students whose practice would run past it: %(names)s."
                )
                % {"base": agreement.base, "day": agreement.in_force_until, "names": names},
                link=reverse("agreements:agreement_detail", args=[agreement.pk]),
            )
        )
    return sent


def scan_assessments(today: dt.date) -> int:
    """Months that ended without a confirmed assessment: the mentor after the 5th, then the base admin."""
    if today.day <= MENTOR_REMINDER_AFTER_DAY:
        return 0
    month = rules.add_months(month_start(today), -1)
    first, last = rules.month_bounds(month)
    confirmed = MonthlyAssessment.objects.filter(month=month, state=MonthlyAssessment.State.CONFIRMED).values(
        "placement_id"
    )
    placements = (
        Placement.objects.filter(practice_start__lte=last)
        .exclude(practice_end__lt=first)
        .exclude(pk__in=confirmed)
        .select_related("student", "base", "cooperative_mentor__user")
    )
    sent = 0
    for placement in placements:
        link = f"{reverse('assessments:month_page')}?month={month:%Y-%m}"
        title = _("Overdue: the %(month)s assessment of %(student)s") % {
            "month": f"{month:%Y-%m}",
            "student": placement.student,
        }
        body = _("The month has ended and its assessment is not confirmed yet.")
        mentor_user = placement.cooperative_mentor.user if placement.cooperative_mentor else None
        if mentor_user is not None:
            sent += len(
                dispatch(
                    kind=Kind.ASSESSMENT_OVERDUE,
                    subject=placement,
                    due=f"{month:%Y-%m}:mentor",
                    recipients=[mentor_user],
                    title=title,
                    body=body,
                    link=link,
                )
            )
        if today.day > BASE_ADMIN_REMINDER_AFTER_DAY:
            sent += len(
                dispatch(
                    kind=Kind.ASSESSMENT_OVERDUE,
                    subject=placement,
                    due=f"{month:%Y-%m}:base",
                    recipients=base_admins(placement.base),
                    title=title,
                    body=body,
                    link=reverse("assessments:assessment_list"),
                )
            )
    return sent


def scan_appointments(today: dt.date) -> int:
    """Mentor appointments ending within 30 days with no next term on record."""
    sent = 0
    ending = Appointment.objects.filter(
        ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=max(APPOINTMENT_REMINDER_DAYS))
    ).select_related("mentor__user", "base")
    for appointment in ending:
        if Appointment.objects.filter(mentor=appointment.mentor, starts_on__gt=appointment.ends_on).exists():
            continue
        recipients = [*office_users(), *base_admins(appointment.base)]
        if appointment.mentor.user is not None:
            recipients.append(appointment.mentor.user)
        sent += len(
            dispatch(
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
        )
    return sent


def run_daily(*, today: dt.date) -> dict[str, int]:
    """Everything that falls due today. Running it again the same day sends nothing new.

    Notices are records, so they are written in the portal's language whatever the caller's.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _run_daily(today)


def _run_daily(today: dt.date) -> dict[str, int]:
    applied = notices_apply_due(today=today)
    return {
        "notices_applied": applied,
        "notice_notices": scan_notices(today),
        "evaluation_notices": scan_evaluations(today),
        "agreement_notices": scan_agreements(today),
        "assessment_notices": scan_assessments(today),
        "appointment_notices": scan_appointments(today),
    }
