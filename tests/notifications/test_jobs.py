"""The daily scans: who hears of what, on which day, and only once.

The cast's world: agreements in force 2026-03-01 to 2029-03-01, evaluations due 2028-03-01,
practice 2026-03-01 to 2026-08-31 with April 2026 assessed, appointments to 2035, and an early-end
notice filed by Party B on 2026-06-01 for 2026-07-01 at each base. Dates are always explicit.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from unittest.mock import patch

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from agreements.models import Party, TrainingBase
from mentors.services import appointment_create
from notifications import jobs
from notifications.jobs import (
    notify_notice_filed,
    run_daily,
    scan_agreements,
    scan_appointments,
    scan_assessments,
    scan_evaluations,
    scan_notices,
)
from notifications.models import Kind, Notification
from notifications.tasks import daily_scan
from students.models import Placement, PracticeNotice
from students.services import notice_file
from tests import factories
from tests.conftest import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
D = dt.date
DAY = dt.timedelta(days=1)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += DAY


def rows(kind: Kind, subject: Any, **filters: Any) -> Any:
    return Notification.objects.filter(
        kind=kind, subject_type=subject._meta.label_lower, subject_id=subject.pk, **filters
    )


def recipients(kind: Kind, subject: Any) -> set[str]:
    return set(rows(kind, subject).values_list("recipient__username", flat=True))


def firing_days(scan: Any, kind: Kind, subject: Any, first: dt.date, last: dt.date) -> dict[dt.date, set[str]]:
    """Run ``scan`` every day from ``first`` to ``last``; the days it created notices, with their due keys."""
    fired = {}
    for day in days(first, last):
        before = set(rows(kind, subject).values_list("pk", flat=True))
        scan(day)
        new = rows(kind, subject).exclude(pk__in=before)
        if new.exists():
            fired[day] = set(new.values_list("due", flat=True))
    return fired


def base_of(notification: Notification) -> TrainingBase:
    subject = apps.get_model(notification.subject_type).objects.get(pk=notification.subject_id)
    if isinstance(subject, PracticeNotice):
        return subject.placement.base
    return subject.base


# --- evaluations: 60, 30 and 7 days, then overdue --------------------------------------------------


def test_evaluation_reminders_at_60_30_and_7_days_once_each_then_overdue_once(cast: Cast) -> None:
    due = cast.cycle_a.due_on
    assert due == D(2028, 3, 1)
    fired = firing_days(scan_evaluations, Kind.EVALUATION_DUE, cast.cycle_a, due - 70 * DAY, due + 10 * DAY)
    assert fired == {
        due - 60 * DAY: {f"{due}:60"},
        due - 30 * DAY: {f"{due}:30"},
        due - 7 * DAY: {f"{due}:7"},
    }
    assert due - 60 * DAY == D(2028, 1, 1)  # 2028 is a leap year
    overdue = rows(Kind.EVALUATION_OVERDUE, cast.cycle_a)
    assert set(overdue.values_list("due", "recipient__username")) == {
        (str(due), "office"),
        (str(due), "baseadmin"),
    }
    assert min(n.created_at for n in overdue) > max(n.created_at for n in rows(Kind.EVALUATION_DUE, cast.cycle_a))


def test_the_due_day_itself_is_not_overdue(cast: Cast) -> None:
    due = cast.cycle_a.due_on
    scan_evaluations(due)
    assert not rows(Kind.EVALUATION_OVERDUE, cast.cycle_a).exists()
    scan_evaluations(due + DAY)
    assert rows(Kind.EVALUATION_OVERDUE, cast.cycle_a).count() == 2


def test_a_scan_that_first_runs_late_sends_only_the_tightest_reminder(cast: Cast) -> None:
    due = cast.cycle_a.due_on
    scan_evaluations(due - 5 * DAY)
    assert set(rows(Kind.EVALUATION_DUE, cast.cycle_a).values_list("due", flat=True)) == {f"{due}:7"}
    assert recipients(Kind.EVALUATION_DUE, cast.cycle_a) == {"office", "baseadmin"}
    (notice,) = rows(Kind.EVALUATION_DUE, cast.cycle_a, recipient=cast.users["baseadmin"])
    assert cast.base_a.name in notice.title
    assert "5" in notice.title
    assert notice.link == reverse("agreements:evaluation_detail", args=[cast.cycle_a.pk])


def test_no_reminder_before_60_days(cast: Cast) -> None:
    assert scan_evaluations(cast.cycle_a.due_on - 61 * DAY) == 0
    assert not Notification.objects.filter(kind=Kind.EVALUATION_DUE).exists()


def test_a_closed_evaluation_is_not_reminded(cast: Cast) -> None:
    type(cast.cycle_a).objects.filter(pk=cast.cycle_a.pk).update(state="cancelled")
    scan_evaluations(cast.cycle_a.due_on - 7 * DAY)
    scan_evaluations(cast.cycle_a.due_on + DAY)
    assert not rows(Kind.EVALUATION_DUE, cast.cycle_a).exists()
    assert not rows(Kind.EVALUATION_OVERDUE, cast.cycle_a).exists()
    assert rows(Kind.EVALUATION_DUE, cast.cycle_b).exists()


# --- agreements: 180, 90 and 30 days ---------------------------------------------------------------


def test_agreement_expiry_at_180_90_and_30_days_once_each(cast: Cast) -> None:
    until = cast.agreement_a.in_force_until
    assert until == D(2029, 3, 1)
    fired = firing_days(scan_agreements, Kind.AGREEMENT_EXPIRING, cast.agreement_a, until - 190 * DAY, until + 5 * DAY)
    assert fired == {until - t * DAY: {f"{until}:{t}"} for t in (180, 90, 30)}
    assert recipients(Kind.AGREEMENT_EXPIRING, cast.agreement_a) == {"office", "baseadmin"}
    assert recipients(Kind.AGREEMENT_EXPIRING, cast.agreement_b) == {"office", "baseadmin2"}


def test_agreement_expiry_names_the_students_whose_practice_runs_past_its_last_day(cast: Cast) -> None:
    until = cast.agreement_a.in_force_until
    Placement.objects.filter(pk__in=[cast.placement_a.pk, cast.placement_b.pk]).update(
        practice_start=D(2028, 9, 1), practice_end=until + 120 * DAY
    )
    ending_in_time = factories.PlacementFactory(
        base=cast.base_a, student=factories.StudentFactory(full_name="按期同学"), cooperative_mentor=cast.mentor_a
    )
    Placement.objects.filter(pk=ending_in_time.pk).update(practice_start=D(2028, 9, 1), practice_end=until)
    in_thesis = factories.PlacementFactory(
        base=cast.base_a,
        student=factories.StudentFactory(full_name="论文同学"),
        cooperative_mentor=cast.mentor_a,
        stage=Placement.Stage.THESIS,
    )
    Placement.objects.filter(pk=in_thesis.pk).update(practice_start=D(2028, 3, 1), practice_end=until + 30 * DAY)

    scan_agreements(until - 90 * DAY)
    (notice,) = rows(Kind.AGREEMENT_EXPIRING, cast.agreement_a, recipient=cast.users["baseadmin"])
    assert "陈同学" in notice.body
    assert "高同学" not in notice.body  # base B's student
    assert "按期同学" not in notice.body  # ends on the last day, not past it
    assert "论文同学" not in notice.body  # no longer in practice
    assert str(until) in notice.body
    assert "90" in notice.title
    (notice_b,) = rows(Kind.AGREEMENT_EXPIRING, cast.agreement_b, recipient=cast.users["baseadmin2"])
    assert "高同学" in notice_b.body
    assert "陈同学" not in notice_b.body


# --- monthly assessments: the mentor after the 5th, the base admin after the 10th ------------------------


def test_overdue_assessments_reach_the_mentor_after_the_5th_and_the_base_admin_after_the_10th(cast: Cast) -> None:
    # May 2026 is in practice and not assessed (April is confirmed).
    assert scan_assessments(D(2026, 6, 5)) == 0
    assert not Notification.objects.filter(kind=Kind.ASSESSMENT_OVERDUE).exists()

    scan_assessments(D(2026, 6, 6))
    assert set(rows(Kind.ASSESSMENT_OVERDUE, cast.placement_a).values_list("due", "recipient__username")) == {
        ("2026-05:mentor", "mentor")
    }
    assert not rows(Kind.ASSESSMENT_OVERDUE, cast.placement_b).exists()  # base B's mentor has no login

    scan_assessments(D(2026, 6, 10))
    assert Notification.objects.filter(kind=Kind.ASSESSMENT_OVERDUE).count() == 1

    scan_assessments(D(2026, 6, 11))
    assert set(rows(Kind.ASSESSMENT_OVERDUE, cast.placement_a).values_list("due", "recipient__username")) == {
        ("2026-05:mentor", "mentor"),
        ("2026-05:base", "baseadmin"),
    }
    assert set(rows(Kind.ASSESSMENT_OVERDUE, cast.placement_b).values_list("due", "recipient__username")) == {
        ("2026-05:base", "baseadmin2")
    }
    scan_assessments(D(2026, 6, 30))
    assert Notification.objects.filter(kind=Kind.ASSESSMENT_OVERDUE).count() == 3
    notice = rows(Kind.ASSESSMENT_OVERDUE, cast.placement_a, recipient=cast.users["mentor"]).get()
    assert "2026-05" in notice.title
    assert "陈同学" in notice.title


def test_a_confirmed_month_is_not_overdue(cast: Cast) -> None:
    assert scan_assessments(D(2026, 5, 20)) == 0  # April 2026 is confirmed at both bases


def test_months_outside_practice_are_not_overdue(cast: Cast) -> None:
    assert scan_assessments(D(2026, 3, 20)) == 0  # February: practice starts on 2026-03-01
    assert scan_assessments(D(2026, 10, 20)) == 0  # September: practice ended on 2026-08-31


# --- appointments: within 30 days, unless a next term is on record ----------------------------------


def end_appointment_a(cast: Cast, ends_on: dt.date) -> None:
    type(cast.appointment_a).objects.filter(pk=cast.appointment_a.pk).update(ends_on=ends_on)


def test_appointment_expiry_within_30_days(cast: Cast) -> None:
    ends_on = D(2027, 6, 30)
    end_appointment_a(cast, ends_on)
    assert scan_appointments(ends_on - 31 * DAY) == 0
    scan_appointments(ends_on - 30 * DAY)
    assert recipients(Kind.APPOINTMENT_EXPIRING, cast.appointment_a) == {"office", "baseadmin", "mentor"}
    for day in days(ends_on - 29 * DAY, ends_on + 3 * DAY):
        scan_appointments(day)
    assert rows(Kind.APPOINTMENT_EXPIRING, cast.appointment_a).count() == 3
    assert not rows(Kind.APPOINTMENT_EXPIRING, cast.appointment_b).exists()
    notice = rows(Kind.APPOINTMENT_EXPIRING, cast.appointment_a, recipient=cast.users["mentor"]).get()
    assert "刘工" in notice.title
    assert str(ends_on) in notice.title


def test_no_appointment_reminder_when_a_next_term_is_on_record(cast: Cast) -> None:
    ends_on = D(2027, 6, 30)
    end_appointment_a(cast, ends_on)
    appointment_create(mentor=cast.mentor_a, starts_on=ends_on + DAY, ends_on=D(2030, 6, 30), letter_number="聘-续")
    for day in days(ends_on - 30 * DAY, ends_on):
        assert scan_appointments(day) == 0
    assert not Notification.objects.filter(kind=Kind.APPOINTMENT_EXPIRING).exists()


# --- practice notices ----------------------------------------------------------------------------------


def test_a_notice_is_reminded_a_week_before_it_takes_effect(cast: Cast) -> None:
    effective = cast.notice_a.new_end
    assert effective == D(2026, 7, 1)
    fired = firing_days(scan_notices, Kind.NOTICE_REMINDER, cast.notice_a, effective - 10 * DAY, effective - DAY)
    assert fired == {effective - 7 * DAY: {str(effective)}}
    assert recipients(Kind.NOTICE_REMINDER, cast.notice_a) == {"office", "baseadmin"}
    assert recipients(Kind.NOTICE_REMINDER, cast.notice_b) == {"office", "baseadmin2"}
    notice = rows(Kind.NOTICE_REMINDER, cast.notice_a, recipient=cast.users["baseadmin"]).get()
    assert "陈同学" in notice.title


def test_a_notice_that_takes_effect_is_announced_once(cast: Cast) -> None:
    effective = cast.notice_a.new_end
    counts = run_daily(today=effective)
    assert counts["notices_applied"] == 2
    assert Placement.objects.get(pk=cast.placement_a.pk).stage == Placement.Stage.THESIS
    assert set(rows(Kind.NOTICE_EFFECTIVE, cast.notice_a).values_list("due", "recipient__username")) == {
        (str(effective), "office"),
        (str(effective), "baseadmin"),
    }
    assert recipients(Kind.NOTICE_EFFECTIVE, cast.notice_b) == {"office", "baseadmin2"}
    for day in days(effective + DAY, effective + 10 * DAY):
        run_daily(today=day)
    assert Notification.objects.filter(kind=Kind.NOTICE_EFFECTIVE).count() == 4
    assert not Notification.objects.filter(kind=Kind.NOTICE_REMINDER).exists()  # the reminder week was skipped


def test_a_notice_filed_by_the_base_tells_the_office(cast: Cast) -> None:
    assert cast.notice_a.filed_by == Party.B
    assert notify_notice_filed(notice_id=cast.notice_a.pk) == 1
    (notice,) = rows(Kind.NOTICE_FILED, cast.notice_a)
    assert notice.recipient == cast.users["office"]
    assert notice.due == "2026-06-01"
    assert "陈同学" in notice.title
    assert "项目提前结束" in notice.body
    assert notify_notice_filed(notice_id=cast.notice_a.pk) == 0


def test_a_notice_filed_by_the_university_tells_the_base_admins(
    cast: Cast, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_file(
            placement=cast.placement_a,
            kind=PracticeNotice.Kind.END_EARLY,
            filed_by=Party.A,
            notice_date=D(2026, 6, 15),
            new_end=D(2026, 7, 31),
            reason="学校安排返校",
            filed_by_user=cast.users["office"],
        )
    assert recipients(Kind.NOTICE_FILED, notice) == {"baseadmin"}
    assert [m.to for m in mailoutbox] == [[cast.users["baseadmin"].email]]


def test_an_illness_notice_is_a_short_notice(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_file(
            placement=cast.placement_b,
            kind=PracticeNotice.Kind.ILLNESS,
            filed_by=Party.A,
            notice_date=D(2026, 6, 15),
            reason="住院治疗",
            filed_by_user=cast.users["office"],
        )
    assert set(rows(Kind.NOTICE_SHORT, notice).values_list("recipient__username", flat=True)) == {"baseadmin2"}
    assert not rows(Kind.NOTICE_FILED, notice).exists()


# --- never across enterprises -------------------------------------------------------------------------------


def test_base_admins_hear_only_of_their_own_base(cast: Cast) -> None:
    for placement in (cast.placement_a, cast.placement_b):
        Placement.objects.filter(pk=placement.pk).update(practice_end=D(2029, 6, 30))
    PracticeNotice.objects.update(new_end=D(2029, 5, 1))  # not yet effective in the window below
    for appointment in (cast.appointment_a, cast.appointment_b):
        type(appointment).objects.filter(pk=appointment.pk).update(ends_on=D(2028, 2, 15))
    for notice in (cast.notice_a, cast.notice_b):
        notify_notice_filed(notice_id=notice.pk)
    key_days = [D(2026, 6, 11), D(2028, 1, 1), D(2028, 1, 31), D(2028, 2, 23), D(2028, 3, 2)]
    key_days += [D(2028, 9, 2), D(2028, 12, 1), D(2029, 1, 30), D(2029, 4, 24)]
    for day in key_days:
        run_daily(today=day)
    for persona, base in (("baseadmin", cast.base_a), ("baseadmin2", cast.base_b)):
        received = Notification.objects.filter(recipient=cast.users[persona]).exclude(pk=cast.notification.pk)
        kinds = set(received.values_list("kind", flat=True))
        assert {
            Kind.EVALUATION_DUE,
            Kind.EVALUATION_OVERDUE,
            Kind.AGREEMENT_EXPIRING,
            Kind.ASSESSMENT_OVERDUE,
            Kind.APPOINTMENT_EXPIRING,
            Kind.NOTICE_REMINDER,
        } <= kinds, persona
        assert {base_of(n) for n in received} == {base}, persona
    for persona in ("college", "supervisor", "student", "outsider", "api_client"):
        assert not Notification.objects.filter(recipient=cast.users[persona]).exists(), persona


# --- today in Asia/Shanghai, and the beat schedule ------------------------------------------------------------


@pytest.mark.parametrize(
    ("utc_now", "local_today"),
    [
        (dt.datetime(2027, 3, 31, 16, 30, tzinfo=dt.UTC), D(2027, 4, 1)),  # 00:30 on 1 April in Shanghai
        (dt.datetime(2027, 3, 31, 15, 59, tzinfo=dt.UTC), D(2027, 3, 31)),  # 23:59 on 31 March in Shanghai
        (dt.datetime(2027, 3, 31, 16, 0, tzinfo=dt.UTC), D(2027, 4, 1)),  # midnight exactly
    ],
)
def test_the_daily_scan_takes_today_in_shanghai_at_the_midnight_boundary(
    utc_now: dt.datetime, local_today: dt.date
) -> None:
    with (
        patch("django.utils.timezone.now", return_value=utc_now),
        patch.object(jobs, "run_daily", return_value={}) as run,
    ):
        assert timezone.localdate() == local_today
        daily_scan()
    run.assert_called_once_with(today=local_today)


def test_the_beat_schedule_runs_the_daily_scan_at_7_in_shanghai() -> None:
    from django_celery_beat.models import PeriodicTask

    (task,) = PeriodicTask.objects.filter(task="notifications.daily_scan")
    assert task.enabled
    assert task.crontab is not None
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    assert (task.crontab.day_of_week, task.crontab.day_of_month, task.crontab.month_of_year) == ("*", "*", "*")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert task.interval is None
    assert PeriodicTask.objects.filter(task="notifications.daily_scan", enabled=True).count() == 1
