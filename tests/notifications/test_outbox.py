"""The daily run writes its notices through one outbox: a fixed number of queries, each notice once."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.services import user_set_roles
from agreements.services import base_grant_admin
from notifications import services
from notifications.jobs import run_daily
from notifications.models import Kind, Notification
from notifications.services import Outbox
from tests import factories
from tests.conftest import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def overdue_bases(n: int) -> None:
    """``n`` bases, each with an admin and a student in practice whose mentor has a login, none assessed."""
    for _ in range(n):
        base = factories.BaseFactory()
        admin = factories.UserFactory(organisation=base.enterprise)
        user_set_roles(user=admin, roles=[Role.BASE_ADMIN])
        base_grant_admin(base=base, user=admin)
        mentor = factories.CooperativeMentorFactory(base=base, user=factories.UserFactory())
        factories.PlacementFactory(
            base=base,
            cooperative_mentor=mentor,
            practice_start=dt.date(2026, 9, 1),
            practice_end=dt.date(2027, 1, 31),
        )


def daily_run(today: dt.date) -> tuple[dict[str, int], int]:
    with CaptureQueriesContext(connection) as ctx:
        counts = run_daily(today=today)
    return counts, len(ctx.captured_queries)


def test_the_daily_run_costs_the_same_queries_for_few_records_and_many(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    run_daily(today=dt.date(2026, 11, 1))  # the cast's own notices are applied and announced first
    overdue_bases(2)
    few, few_queries = daily_run(dt.date(2026, 12, 15))  # November overdue: mentor and base admin reminded
    overdue_bases(10)
    many, many_queries = daily_run(dt.date(2027, 1, 15))  # December: twelve bases now
    assert (few["assessment_notices"], many["assessment_notices"]) == (2 * 2, 12 * 2)
    assert few_queries == many_queries, (few, many)


def test_a_batch_that_meets_a_concurrent_insert_is_written_row_by_row(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    """Another run inserted one of the batch after the outbox looked: that one is skipped, the rest written."""
    users = [cast.users["office"], cast.users["baseadmin"], cast.users["mentor"]]
    fields = {
        "kind": Kind.EVALUATION_DUE,
        "subject": cast.base_a,
        "due": "2028-03-01:60",
        "title": "评估",
        "body": "请准备。",
    }
    first = Outbox()
    first.add(recipients=users[:1], **fields)
    assert len(first.flush()) == 1
    monkeypatch.setattr(services, "_sent_before", lambda batch: set())  # the look came before the other insert
    with django_capture_on_commit_callbacks(execute=True):
        second = Outbox()
        second.add(recipients=users, **fields)
        created = second.flush()
    assert sorted(n.recipient_id for n in created) == sorted(u.pk for u in users[1:])
    assert Notification.objects.filter(subject_id=cast.base_a.pk, kind=Kind.EVALUATION_DUE).count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users[1:] if u.email)


def test_an_outbox_flushes_by_itself_every_batch(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "OUTBOX_BATCH", 2)
    outbox = Outbox()
    users = [cast.users["office"], cast.users["baseadmin"], cast.users["mentor"]]
    outbox.add(kind=Kind.EVALUATION_DUE, subject=cast.base_a, due="d", recipients=users, title="t", body="b")
    assert Notification.objects.filter(due="d").count() == 3
    assert not outbox.pending
