"""The inbox and e-mail preferences: every notice reaches the inbox; e-mail only where wanted."""

import datetime as dt
from functools import partial
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from notifications.models import EmailPreference, Kind, Notification
from notifications.services import dispatch, preferences_set, unread_count, wants_email
from tests import factories
from tests.conftest import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def send(
    user: User, kind: Kind = Kind.EVALUATION_DUE, title: str = "评估即将到期", link: str = "/bases/"
) -> Notification:
    (notification,) = dispatch(
        kind=kind,
        subject=user,
        due=f"{dt.date(2028, 3, 1)}:{kind}",
        recipients=[user],
        title=title,
        body="内容",
        link=link,
    )
    return notification


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- preferences ------------------------------------------------------------------------------------


def test_email_turned_off_for_a_kind_stops_the_email_but_not_the_inbox(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    user = factories.UserFactory()
    preferences_set(user=user, enabled={Kind.EVALUATION_DUE: False, Kind.AGREEMENT_EXPIRING: True})
    with django_capture_on_commit_callbacks(execute=True):
        quiet = send(user, Kind.EVALUATION_DUE, "静默的通知")
        loud = send(user, Kind.AGREEMENT_EXPIRING, "要发邮件的通知")
        other = send(user, Kind.NOTICE_FILED, "默认发邮件的通知")  # no preference stored: on
    assert [m.subject for m in mailoutbox] == ["[联合培养基地] 要发邮件的通知", "[联合培养基地] 默认发邮件的通知"]
    assert set(Notification.objects.filter(recipient=user)) == {quiet, loud, other}
    quiet.refresh_from_db()
    assert quiet.email_claimed_at is None
    assert quiet.emailed_at is None


def test_email_turned_back_on_sends_again(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    user = factories.UserFactory()
    preferences_set(user=user, enabled={Kind.EVALUATION_DUE: False})
    assert not wants_email(user, Kind.EVALUATION_DUE)
    preferences_set(user=user, enabled={Kind.EVALUATION_DUE: True})
    assert wants_email(user, Kind.EVALUATION_DUE)
    assert EmailPreference.objects.filter(user=user).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        send(user)
    assert len(mailoutbox) == 1


def test_the_preferences_page_saves_each_kind(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    user = factories.UserFactory()
    client = client_for(user)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert page.content.count(b" checked") == len(Kind.values)  # all on by default
    checked = {f"email_{kind}": "on" for kind in Kind.values if kind != Kind.ASSESSMENT_OVERDUE}
    response = client.post(reverse("notifications:preferences"), checked)
    assert response.status_code == 302
    assert dict(user.email_preferences.values_list("kind", "enabled")) == {
        kind: kind != Kind.ASSESSMENT_OVERDUE for kind in Kind.values
    }
    assert client.get(reverse("notifications:preferences")).content.count(b" checked") == len(Kind.values) - 1
    with django_capture_on_commit_callbacks(execute=True):
        send(user, Kind.ASSESSMENT_OVERDUE)
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=user, kind=Kind.ASSESSMENT_OVERDUE).exists()


def test_a_user_without_an_email_address_gets_no_email(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    user = factories.UserFactory(email="")
    assert not wants_email(user, Kind.EVALUATION_DUE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = send(user)
    assert [c for c in callbacks if isinstance(c, partial)] == []  # no e-mail queued (the unread count is refreshed)
    assert mailoutbox == []
    assert Notification.objects.get(recipient=user) == notification
    page = client_for(user).get(reverse("notifications:preferences"))
    assert page.context["has_email"] is False


# --- the inbox page ---------------------------------------------------------------------------------------


def test_the_inbox_lists_only_the_users_own_notices(cast: Cast) -> None:
    mine = send(cast.users["baseadmin"], title="甲基地的提醒")
    theirs = send(cast.users["baseadmin2"], title="乙基地的提醒")
    response = client_for(cast.users["baseadmin"]).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    listed = {n.pk for n in response.context["page"]}
    assert listed == {mine.pk, cast.notification.pk}
    assert "甲基地的提醒" in response.content.decode()
    assert "乙基地的提醒" not in response.content.decode()
    assert theirs.pk not in listed


def test_the_inbox_can_show_unread_only(cast: Cast) -> None:
    admin = cast.users["baseadmin"]
    read = send(admin, title="已读的提醒")
    Notification.objects.filter(pk=read.pk).update(read_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    response = client_for(admin).get(reverse("notifications:inbox"), {"unread": "1"})
    assert {n.pk for n in response.context["page"]} == {cast.notification.pk}


def test_marking_read_through_the_page_follows_the_link(cast: Cast) -> None:
    notification = cast.notification
    assert notification.read_at is None
    response = client_for(cast.users["baseadmin"]).post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/students/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    first_read = notification.read_at
    client_for(cast.users["baseadmin"]).post(reverse("notifications:mark_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read  # read once


def test_marking_read_never_redirects_off_site() -> None:
    user = factories.UserFactory()
    notification = send(user, link="https://evil.example/phish")
    response = client_for(user).post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_marking_read_needs_a_post() -> None:
    user = factories.UserFactory()
    notification = send(user)
    assert client_for(user).get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_another_users_notice_is_a_404(cast: Cast) -> None:
    response = client_for(cast.users["baseadmin2"]).post(
        reverse("notifications:mark_read", args=[cast.notification.pk])
    )
    assert response.status_code == 404
    cast.notification.refresh_from_db()
    assert cast.notification.read_at is None


def test_mark_all_read(cast: Cast) -> None:
    admin = cast.users["baseadmin"]
    for n in range(3):
        send(admin, kind=list(Kind)[n], title=f"提醒{n}")
    others = send(cast.users["baseadmin2"], title="乙的提醒")
    assert unread_count(admin) == 4
    response = client_for(admin).post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    assert unread_count(admin) == 0
    assert not Notification.objects.filter(recipient=admin, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None  # nobody else's


def test_the_unread_count_is_in_the_header_of_every_page_until_read(cast: Cast) -> None:
    admin = cast.users["baseadmin"]
    send(admin, title="新的提醒")
    client = client_for(admin)
    for url in (reverse("home"), reverse("notifications:preferences")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["unread_notifications"] == 2
        assert '<span class="unread-count"' in response.content.decode()
        assert ">2</span>" in response.content.decode()
    client.post(reverse("notifications:mark_all_read"))
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 0
    assert "unread-count" not in response.content.decode()


def test_the_inbox_needs_a_login() -> None:
    response = Client().get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert "login" in response["Location"]
