"""Dispatch: a notice goes into the inbox exactly once and out by e-mail at most once.

A unique Notification row is the dispatch guard (STYLE.md, "Duplicate notices"): a job run twice,
two workers racing, a rolled-back transaction and a worker that dies mid-send must all leave
exactly one inbox copy and never a second e-mail.
"""

import datetime as dt
import threading
import time
from collections import Counter
from typing import Any
from unittest.mock import patch

import pytest
from django.conf import settings
from django.db import connections, transaction

from accounts.models import User
from agreements.models import Party
from agreements.services import evaluation_schedule
from notifications.jobs import run_daily
from notifications.models import Kind, Notification
from notifications.services import dispatch, email_send
from notifications.tasks import send_email
from students.models import PracticeNotice
from students.services import notice_file
from tests import factories
from tests.conftest import Cast

D = dt.date
# The cast's evaluations fall due on 2028-03-01: sixty days before it the first reminder goes out.
SIXTY_DAYS_BEFORE = D(2028, 1, 1)

pytestmark = pytest.mark.usefixtures("eager_tasks")


def notify(recipients: list[User], subject: Any, **fields: Any) -> list[Notification]:
    return dispatch(
        kind=fields.pop("kind", Kind.EVALUATION_DUE),
        subject=subject,
        due=fields.pop("due", "2028-03-01:60"),
        recipients=recipients,
        title=fields.pop("title", "评估即将到期"),
        body=fields.pop("body", "请准备评估材料。"),
        link=fields.pop("link", "/bases/"),
    )


# --- a job run twice ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_run_twice_sends_one_email_per_recipient_and_notice(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    before = set(Notification.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        first = run_daily(today=SIXTY_DAYS_BEFORE)
    created = Notification.objects.exclude(pk__in=before)
    assert first["evaluation_notices"] == 4  # office and the base's admin, for each of the two bases
    assert created.count() >= 4
    assert len(mailoutbox) == created.count()
    mails = Counter((tuple(m.to), m.subject) for m in mailoutbox)
    assert max(mails.values()) == 1
    assert set(mails) == {((n.recipient.email,), f"[{settings.EMAIL_SUBJECT_TAG}] {n.title}") for n in created}
    assert all(n.emailed_at and n.email_claimed_at for n in created)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = run_daily(today=SIXTY_DAYS_BEFORE)
    assert {key: n for key, n in second.items() if key != "notices_applied"} == dict.fromkeys(
        [key for key in second if key != "notices_applied"], 0
    )
    assert callbacks == []
    assert Notification.objects.exclude(pk__in=before).count() == created.count()
    assert len(mailoutbox) == created.count()
    keys = Counter(Notification.objects.values_list("kind", "subject_type", "subject_id", "due", "recipient_id"))
    assert max(keys.values()) == 1


@pytest.mark.django_db
def test_the_next_day_sends_nothing_new_below_the_same_threshold(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run_daily(today=SIXTY_DAYS_BEFORE)
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        counts = run_daily(today=SIXTY_DAYS_BEFORE + dt.timedelta(days=1))
    assert counts["evaluation_notices"] == 0
    assert len(mailoutbox) == sent


@pytest.mark.django_db
def test_dispatch_twice_inserts_once_and_emails_once(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert len(notify([user, user], subject=user)) == 1  # the same recipient twice in one call
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([user], subject=user) == []
    assert Notification.objects.filter(recipient=user).count() == 1
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.django_db
def test_inactive_users_are_not_notified(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    gone = factories.UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([gone], subject=gone) == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_email_task_delivered_twice_sends_once(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """Celery delivers at least once: a second delivery of the same e-mail task is a no-op."""
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify([user], subject=user)
    assert len(mailoutbox) == 1
    assert send_email.apply(args=[notification.pk]).get() is False
    assert email_send(notification_id=notification.pk) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_email_names_the_notice_and_links_to_the_portal(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.edu.cn/"
    user = factories.UserFactory(full_name="王老师")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], subject=user, title="评估 60 天后到期", body="请准备材料。", link="/bases/7/")
    (mail,) = mailoutbox
    assert mail.to == [user.email]
    assert mail.subject == "[联合培养基地] 评估 60 天后到期"
    assert "王老师" in mail.body
    assert "请准备材料。" in mail.body
    assert "https://portal.example.edu.cn/bases/7/" in mail.body


# --- two runs at once ---------------------------------------------------------------------------


def _race(target: Any, n: int = 2) -> list[Any]:
    """Run ``target`` in ``n`` threads released together; each closes its own connection."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == n
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_dispatches_insert_one_row_and_send_one_email(mailoutbox: list[Any]) -> None:
    user = factories.UserFactory()

    def one_run() -> int:
        with transaction.atomic():
            created = notify([User.objects.get(pk=user.pk)], subject=user)
            time.sleep(0.3)  # hold the transaction open so the other run's insert waits on the unique key
        return len(created)

    assert sorted(_race(one_run)) == [0, 1]
    assert Notification.objects.filter(recipient=user).count() == 1
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert Notification.objects.get(recipient=user).emailed_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_daily_runs_send_each_notice_once(mailoutbox: list[Any]) -> None:
    from accounts.roles import Role, roles_sync
    from accounts.services import user_set_roles
    from agreements.services import base_grant_admin

    roles_sync()
    office = factories.UserFactory()
    user_set_roles(user=office, roles=[Role.OFFICE])
    base = factories.BaseFactory()
    admin = factories.UserFactory(organisation=base.enterprise)
    user_set_roles(user=admin, roles=[Role.BASE_ADMIN])
    base_grant_admin(base=base, user=admin)
    (cycle,) = evaluation_schedule(agreement=factories.AgreementFactory(base=base))
    assert cycle.due_on == D(2028, 3, 1)

    def one_run() -> int:
        with transaction.atomic():
            return run_daily(today=SIXTY_DAYS_BEFORE)["evaluation_notices"]

    assert sum(_race(one_run)) == 2
    rows = Notification.objects.filter(kind=Kind.EVALUATION_DUE)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted([office.pk, admin.pk])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([office.email, admin.email])


# --- a transaction that rolls back ----------------------------------------------------------------


class RollbackError(Exception):
    pass


def rolled_back(action: Any) -> None:
    """Run ``action`` in a transaction that then rolls back."""
    with transaction.atomic():
        action()
        raise RollbackError


@pytest.mark.django_db
def test_a_rolled_back_dispatch_enqueues_nothing(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    user = factories.UserFactory()
    with (
        patch("notifications.tasks.send_email.delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RollbackError),
    ):
        rolled_back(lambda: notify([user], subject=user))
    assert callbacks == []
    delay.assert_not_called()
    assert mailoutbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_rolled_back_notice_enqueues_nothing(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    notices_before = PracticeNotice.objects.count()
    with (
        patch("notifications.tasks.send_email.delay") as send,
        patch("notifications.tasks.notice_filed.delay") as filed,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RollbackError),
    ):
        rolled_back(
            lambda: notice_file(
                placement=cast.placement_a,
                kind=PracticeNotice.Kind.ILLNESS,
                filed_by=Party.B,
                notice_date=D(2026, 6, 15),
                reason="住院治疗",
                filed_by_user=cast.users["baseadmin"],
            )
        )
    assert callbacks == []
    filed.assert_not_called()
    send.assert_not_called()
    assert mailoutbox == []
    assert PracticeNotice.objects.count() == notices_before
    assert not Notification.objects.filter(subject_type="students.practicenotice").exists()


@pytest.mark.django_db
def test_a_committed_notice_notifies_once_committed(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """The counterpart of the rollback test: the same notice, committed, reaches the office."""
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_file(
            placement=cast.placement_a,
            kind=PracticeNotice.Kind.ILLNESS,
            filed_by=Party.B,
            notice_date=D(2026, 6, 15),
            reason="住院治疗",
            filed_by_user=cast.users["baseadmin"],
        )
    (row,) = Notification.objects.filter(subject_type="students.practicenotice", subject_id=notice.pk)
    assert row.recipient == cast.users["office"]
    assert [m.to for m in mailoutbox] == [[cast.users["office"].email]]


# --- a worker that dies between sending and recording -------------------------------------------------


@pytest.mark.django_db
def test_a_worker_that_dies_after_sending_does_not_send_again(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """E-mail is at-most-once by design; the inbox copy always exists.

    ``email_send`` claims the row (email_claimed_at) before sending and records emailed_at after.
    A worker that dies in between leaves the claim, so a retry sends nothing: the recipient may
    miss the e-mail in that rare case, but never gets it twice, and the notice stays in the inbox.
    """
    user = factories.UserFactory()
    # The first attempt is made by hand below, so the on-commit enqueue is stubbed out.
    with patch("notifications.tasks.send_email.delay"), django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify([user], subject=user)
    sent: list[dict[str, Any]] = []

    def send_then_die(**message: Any) -> int:
        sent.append(message)
        raise RuntimeError("worker lost after the SMTP server accepted the message")

    with patch("notifications.services.send_mail", side_effect=send_then_die), pytest.raises(RuntimeError):
        email_send(notification_id=notification.pk)
    assert len(sent) == 1
    assert sent[0]["recipient_list"] == [user.email]
    notification.refresh_from_db()
    assert notification.email_claimed_at is not None
    assert notification.emailed_at is None

    assert email_send(notification_id=notification.pk) is False  # the retry, with the real send_mail
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert Notification.objects.filter(recipient=user).count() == 1  # the inbox copy is there


@pytest.mark.django_db
def test_an_unreachable_mail_server_releases_the_claim_so_the_retry_sends(mailoutbox: list[Any]) -> None:
    from notifications.services import email_send

    user = factories.UserFactory()
    with patch("notifications.tasks.send_email.delay"):
        (notification,) = notify([user], subject=user)
    with (
        patch("notifications.services.send_mail", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        email_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_claimed_at is None
    assert email_send(notification_id=notification.pk) is True
    assert len(mailoutbox) == 1
