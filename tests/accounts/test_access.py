"""A user's permissions, roles and unread count are kept in the cache, and a change reaches the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.access import access_of
from accounts.models import User
from accounts.roles import Role, roles_of
from accounts.services import user_set_roles
from notifications.models import Kind, Notification
from notifications.services import (
    Outbox,
    dispatch,
    notification_mark_read,
    notifications_mark_all_read,
    unread_count,
)
from tests import factories
from tests.conftest import Cast

pytestmark = pytest.mark.django_db
DASHBOARD = "oversight:office_dashboard"


def fresh(user: User) -> User:
    """The user as the next request loads it: nothing kept on the object."""
    return User.objects.get(pk=user.pk)


def queries(fn: object) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()  # type: ignore[operator]
    return len(ctx.captured_queries)


def test_permissions_and_roles_are_read_once_then_kept(cast: Cast) -> None:
    office = cast.users["office"]
    assert queries(lambda: fresh(office).has_perm("accounts.view_all_records")) > 0
    user = fresh(office)
    assert queries(lambda: (user.has_perm("accounts.view_all_records"), roles_of(user))) == 0
    assert user.has_perm("accounts.view_all_records")
    assert roles_of(user) == [Role.OFFICE]


def test_a_role_taken_away_is_gone_on_the_next_request(cast: Cast) -> None:
    office = cast.users["office"]
    client = Client()
    client.force_login(office)
    assert client.get(reverse(DASHBOARD)).status_code == 200
    user_set_roles(user=fresh(office), roles=[])
    assert client.get(reverse(DASHBOARD)).status_code == 403
    user_set_roles(user=fresh(office), roles=[Role.OFFICE])
    assert client.get(reverse(DASHBOARD)).status_code == 200


def test_a_permission_taken_from_a_group_or_given_to_a_user_reaches_the_kept_access(cast: Cast) -> None:
    office = cast.users["office"]
    permission = Permission.objects.get(codename="view_all_records")
    assert fresh(office).has_perm("accounts.view_all_records")
    Group.objects.get(name=Role.OFFICE).permissions.remove(permission)
    assert not fresh(office).has_perm("accounts.view_all_records")
    office.user_permissions.add(permission)
    assert fresh(office).has_perm("accounts.view_all_records")


def test_the_active_and_superuser_flags_are_part_of_the_key(cast: Cast) -> None:
    mentor = cast.users["mentor"]
    assert not fresh(mentor).has_perm("accounts.view_all_records")
    User.objects.filter(pk=mentor.pk).update(is_superuser=True)  # no signal: the flag is in the key
    assert fresh(mentor).has_perm("accounts.view_all_records")
    User.objects.filter(pk=mentor.pk).update(is_active=False)
    assert not fresh(mentor).has_perm("accounts.view_all_records")
    assert access_of(fresh(mentor)).groups == frozenset({Role.MENTOR.value})


def test_the_unread_count_is_kept_and_follows_every_change(cast: Cast) -> None:
    user = cast.users["mentor"]
    start = unread_count(user)
    assert queries(lambda: unread_count(user)) == 0

    def notify(due: str) -> list[Notification]:
        return dispatch(kind=Kind.EVALUATION_DUE, subject=cast.base_a, due=due, recipients=[user], title="t", body="b")

    [first] = notify("1")
    notify("2")
    assert unread_count(user) == start + 2
    outbox = Outbox()
    outbox.add(kind=Kind.EVALUATION_DUE, subject=cast.base_a, due="3", recipients=[user], title="t", body="b")
    outbox.flush()
    assert unread_count(user) == start + 3
    notification_mark_read(notification=first)
    assert unread_count(user) == start + 2
    Notification.objects.filter(recipient=user, due="2").delete()
    assert unread_count(user) == start + 1
    notifications_mark_all_read(user=user)
    assert unread_count(user) == 0
    assert unread_count(factories.UserFactory()) == 0
