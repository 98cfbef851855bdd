"""API tokens: how they are issued, stored, checked, narrowed by scope, throttled, and managed by the office."""

import datetime as dt
import hashlib
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from integration.models import ApiToken, Scope
from integration.services import token_for_key, token_issue, token_revoke
from students.models import Student
from tests.conftest import Cast

from .support import READ, READ_WRITE, STUDENT, WRITE, bearer, issue, issue_key, session_client, url

WWW_AUTHENTICATE = 'Bearer realm="api"'


def put_student(client: Client, student_no: str = "TS26N0001") -> object:
    return client.put(url(f"students/{student_no}"), STUDENT, content_type="application/json")


def assert_refused(response: object, code: str) -> None:
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response.json()["code"] == code  # type: ignore[attr-defined]
    assert response.headers["WWW-Authenticate"] == WWW_AUTHENTICATE  # type: ignore[attr-defined]


# --- issuing and storing ------------------------------------------------------------------------


def test_key_is_stored_only_as_its_sha256_digest(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["digest"] == hashlib.sha256(key.encode()).hexdigest()
    secret = key.split("_", 2)[2]
    assert not [name for name, value in row.items() if key in str(value) or secret in str(value)]


def test_key_carries_the_prefix_that_finds_its_row(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    assert key.startswith(f"jtb_{token.prefix}_")
    assert len(token.prefix) == 12
    assert token_for_key(key) == token


def test_two_tokens_never_share_a_key_or_prefix(cast: Cast) -> None:
    (one, key_one), (two, key_two) = issue(cast.users["api_client"]), issue(cast.users["api_client"])
    assert key_one != key_two
    assert one.prefix != two.prefix


@pytest.mark.parametrize("secret", ["abc_def-" + "x" * 35, "_" * 43, "-" * 42 + "_"])
def test_a_key_whose_secret_contains_underscores_works(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    # secrets.token_urlsafe uses "_" in about half of the keys it makes.
    monkeypatch.setattr("integration.services.secrets.token_urlsafe", lambda _n: secret)
    _token, key = token_issue(name="同步", user=cast.users["api_client"], scopes=READ, issued_by=cast.users["office"])
    assert bearer(key).get(url("bases")).status_code == 200


def test_twenty_freshly_issued_keys_all_work(cast: Cast) -> None:
    keys = [issue_key(cast.users["api_client"]) for _ in range(20)]
    assert {bearer(key).get(url("bases")).status_code for key in keys} == {200}


def test_issue_strips_the_name_and_sorts_the_scopes(cast: Cast) -> None:
    token, _key = token_issue(
        name="  研究生系统  ",
        user=cast.users["api_client"],
        scopes=[Scope.WRITE_STUDENTS, Scope.READ, Scope.READ],
        issued_by=cast.users["office"],
    )
    assert token.name == "研究生系统"
    assert token.scopes == ["read", "write_students"]
    assert token.issued_by == cast.users["office"]


@pytest.mark.parametrize(
    ("fields", "error_key"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["read", "admin"]}, "scopes"),
        ({"expires_on": dt.date(2000, 1, 1)}, "expires_on"),
    ],
    ids=["no scopes", "unknown scope", "past expiry"],
)
def test_issue_refuses_bad_requests(cast: Cast, fields: dict[str, object], error_key: str) -> None:
    arguments = {"name": "x", "user": cast.users["api_client"], "scopes": READ, "issued_by": cast.users["office"]}
    with pytest.raises(ValidationError) as caught:
        token_issue(**{**arguments, **fields})  # type: ignore[arg-type]
    assert error_key in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_issue_refuses_a_disabled_account(cast: Cast) -> None:
    user = cast.users["api_client"]
    user.is_active = False
    user.save()
    with pytest.raises(ValidationError) as caught:
        token_issue(name="x", user=user, scopes=READ, issued_by=cast.users["office"])
    assert "user" in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_issue_accepts_an_expiry_of_today(cast: Cast) -> None:
    token, _key = token_issue(
        name="x", user=cast.users["api_client"], scopes=READ, issued_by=cast.users["office"], expires_on=today()
    )
    assert token.expires_on == today()


def test_revoking_twice_is_refused(cast: Cast) -> None:
    token, _key = issue(cast.users["api_client"])
    token_revoke(token=token, revoked_by=cast.users["office"])
    with pytest.raises(ValidationError):
        token_revoke(token=token, revoked_by=cast.users["office"])


def today() -> dt.date:
    return timezone.localdate()


# --- authentication -----------------------------------------------------------------------------


def test_a_good_token_reads_as_its_account(cast: Cast) -> None:
    response = bearer(issue_key(cast.users["baseadmin"])).get(url("bases"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [cast.base_a.pk]


def test_the_keyword_is_case_insensitive(cast: Cast) -> None:
    key = issue_key(cast.users["api_client"])
    assert Client(HTTP_AUTHORIZATION=f"bearer {key}").get(url("bases")).status_code == 200


def test_no_credentials_is_401_not_authenticated(cast: Cast) -> None:
    assert_refused(Client().get(url("bases")), "not_authenticated")


def test_another_scheme_counts_as_no_credentials(cast: Cast) -> None:
    assert_refused(Client(HTTP_AUTHORIZATION="Basic b2ZmaWNlOnB3").get(url("bases")), "not_authenticated")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer jtb_000000000000_wrong",
        "Bearer garbage",
        "Bearer",
        "Bearer two words",
        "Bearer jtb_\xff\xfe",
    ],
    ids=["unknown key", "not a key", "no key", "two words", "not utf-8"],
)
def test_a_garbled_token_is_401(cast: Cast, header: str) -> None:
    issue(cast.users["api_client"])
    assert_refused(Client(HTTP_AUTHORIZATION=header).get(url("bases")), "authentication_failed")


def test_the_right_prefix_with_a_wrong_secret_is_401(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    wrong = f"jtb_{token.prefix}_{'A' * len(key.split('_', 2)[2])}"
    assert_refused(bearer(wrong).get(url("bases")), "authentication_failed")


def test_a_revoked_token_is_401(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    token_revoke(token=token, revoked_by=cast.users["office"])
    assert_refused(bearer(key).get(url("bases")), "authentication_failed")


def test_an_expired_token_is_401(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    ApiToken.objects.filter(pk=token.pk).update(expires_on=today() - dt.timedelta(days=1))
    assert_refused(bearer(key).get(url("bases")), "authentication_failed")


def test_a_token_works_on_its_last_day(cast: Cast) -> None:
    key = issue_key(cast.users["api_client"], expires_on=today())
    assert bearer(key).get(url("bases")).status_code == 200


def test_a_token_of_a_disabled_account_is_401(cast: Cast) -> None:
    user = cast.users["api_client"]
    key = issue_key(user)
    user.is_active = False
    user.save()
    assert_refused(bearer(key).get(url("bases")), "authentication_failed")


def test_a_refused_token_is_not_marked_as_used(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    token_revoke(token=token, revoked_by=cast.users["office"])
    bearer(key).get(url("bases"))
    token.refresh_from_db()
    assert token.last_used_at is None


def test_a_bad_token_is_refused_even_beside_a_good_session(cast: Cast) -> None:
    client = session_client(cast.users["office"])
    response = client.get(url("bases"), HTTP_AUTHORIZATION="Bearer jtb_000000000000_wrong")
    assert_refused(response, "authentication_failed")


def test_a_token_request_needs_no_csrf_token(cast: Cast) -> None:
    key = issue_key(cast.users["api_client"], WRITE)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert put_student(client).status_code == 201  # type: ignore[attr-defined]


def test_a_session_write_needs_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["office"])
    response = put_student(client)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not Student.objects.filter(student_no="TS26N0001").exists()


# --- last use -----------------------------------------------------------------------------------


def test_use_sets_last_used_at(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    assert token.last_used_at is None
    before = timezone.now()
    bearer(key).get(url("bases"))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= timezone.now()


def test_last_used_at_is_not_rewritten_within_a_minute(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    recent = timezone.now() - dt.timedelta(seconds=50)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    bearer(key).get(url("bases"))
    token.refresh_from_db()
    assert token.last_used_at == recent


def test_last_used_at_is_rewritten_after_a_minute(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    old = timezone.now() - dt.timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    bearer(key).get(url("bases"))
    token.refresh_from_db()
    assert token.last_used_at > old + dt.timedelta(seconds=60)  # type: ignore[operator]


def test_use_does_not_touch_updated_at(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    bearer(key).get(url("bases"))
    assert ApiToken.objects.get(pk=token.pk).updated_at == token.updated_at


# --- scopes narrow, never widen -----------------------------------------------------------------


def test_a_read_only_token_cannot_put_a_student(cast: Cast) -> None:
    response = put_student(bearer(issue_key(cast.users["api_client"], READ)))
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert response.json()["code"] == "insufficient_scope"  # type: ignore[attr-defined]
    assert not Student.objects.filter(student_no="TS26N0001").exists()


def test_a_read_only_token_cannot_bulk_write(cast: Cast) -> None:
    client = bearer(issue_key(cast.users["api_client"], READ))
    payload = {"students": [{**STUDENT, "student_no": "TS26N0001"}]}
    response = client.post(url("students/bulk"), payload, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_a_write_students_token_can_put_a_student(cast: Cast) -> None:
    response = put_student(bearer(issue_key(cast.users["api_client"], WRITE)))
    assert response.status_code == 201  # type: ignore[attr-defined]
    assert Student.objects.filter(student_no="TS26N0001").exists()


def test_a_write_only_token_cannot_read(cast: Cast) -> None:
    response = bearer(issue_key(cast.users["api_client"], WRITE)).get(url("students"))
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_a_session_is_not_narrowed_by_scopes(cast: Cast) -> None:
    response = put_student(session_client(cast.users["office"]))
    assert response.status_code == 201  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", ["baseadmin", "college", "supervisor", "mentor", "student"])
def test_a_write_scope_never_exceeds_the_accounts_role(cast: Cast, persona: str) -> None:
    response = put_student(bearer(issue_key(cast.users[persona], READ_WRITE)))
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert response.json()["code"] == "permission_denied"  # type: ignore[attr-defined]
    assert not Student.objects.filter(student_no="TS26N0001").exists()


def test_a_token_of_an_account_without_a_role_reads_nothing(cast: Cast) -> None:
    response = bearer(issue_key(cast.users["outsider"], READ_WRITE)).get(url("students"))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


# --- throttling ---------------------------------------------------------------------------------


@override_settings(API_TOKEN_RATE="3/minute")
def test_the_fourth_request_in_a_minute_is_throttled(cast: Cast) -> None:
    cache.clear()
    client = bearer(issue_key(cast.users["api_client"]))
    assert [client.get(url("bases")).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url("bases"))
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response.headers["Retry-After"]) <= 60


@override_settings(API_TOKEN_RATE="3/minute")
def test_each_token_is_counted_on_its_own(cast: Cast) -> None:
    cache.clear()
    busy = bearer(issue_key(cast.users["api_client"]))
    for _ in range(4):
        busy.get(url("bases"))
    assert bearer(issue_key(cast.users["api_client"])).get(url("bases")).status_code == 200


@override_settings(API_TOKEN_RATE="3/minute")
def test_sessions_are_not_throttled(cast: Cast) -> None:
    cache.clear()
    client = session_client(cast.users["office"])
    assert {client.get(url("bases")).status_code for _ in range(6)} == {200}


def test_the_rate_is_read_at_request_time(cast: Cast) -> None:
    cache.clear()
    client = bearer(issue_key(cast.users["api_client"]))
    with override_settings(API_TOKEN_RATE="2/minute"):
        assert [client.get(url("bases")).status_code for _ in range(3)] == [200, 200, 429]
    with override_settings(API_TOKEN_RATE="100/minute"):
        assert client.get(url("bases")).status_code == 200


# --- the office's pages -------------------------------------------------------------------------

LIST = reverse("integration:token_list")
NEW = reverse("integration:token_issue")
KEY_FIELD = re.compile(r'id="new-key"[^>]*value="([^"]+)"')


def detail(token: ApiToken) -> str:
    return reverse("integration:token_detail", args=[token.pk])


def revoke(token: ApiToken) -> str:
    return reverse("integration:token_revoke", args=[token.pk])


def office(cast: Cast) -> Client:
    return session_client(cast.users["office"])


@pytest.fixture
def tokens(cast: Cast) -> dict[str, ApiToken]:
    """Three tokens: a live one for the graduate system, a revoked one, and a base admin's own."""
    live, _key = issue(cast.users["api_client"], name="研究生管理系统")
    revoked, _key = issue(cast.users["api_client"], name="旧学籍接口")
    token_revoke(token=revoked, revoked_by=cast.users["office"])
    own, _key = issue(cast.users["baseadmin"], name="甲基地自用")
    return {"live": live, "revoked": revoked, "own": own}


def names_listed(client: Client, **params: str) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {token.name for token in response.context["page"]}


def test_the_list_shows_every_token(cast: Cast, tokens: dict[str, ApiToken]) -> None:
    assert names_listed(office(cast)) == {"研究生管理系统", "旧学籍接口", "甲基地自用"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("研究生", {"研究生管理系统"}),
        ("baseadmin", {"甲基地自用"}),
        ("api_client-name", {"研究生管理系统", "旧学籍接口"}),
        ("nothing-like-this", set()),
    ],
    ids=["by client name", "by username", "by full name", "no match"],
)
def test_the_list_searches(cast: Cast, tokens: dict[str, ApiToken], query: str, expected: set[str]) -> None:
    assert names_listed(office(cast), q=query) == expected


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("active", {"研究生管理系统", "甲基地自用"}),
        ("revoked", {"旧学籍接口"}),
        ("", {"研究生管理系统", "旧学籍接口", "甲基地自用"}),
    ],
)
def test_the_list_filters_by_state(cast: Cast, tokens: dict[str, ApiToken], state: str, expected: set[str]) -> None:
    assert names_listed(office(cast), state=state) == expected


def test_the_in_use_filter_leaves_out_expired_tokens(cast: Cast, tokens: dict[str, ApiToken]) -> None:
    ApiToken.objects.filter(pk=tokens["own"].pk).update(expires_on=today() - dt.timedelta(days=1))
    assert names_listed(office(cast), state="active") == {"研究生管理系统"}


def test_the_list_never_shows_a_key_or_digest(cast: Cast, tokens: dict[str, ApiToken]) -> None:
    content = office(cast).get(LIST).content.decode()
    assert tokens["live"].prefix in content
    assert tokens["live"].digest not in content


def test_issuing_shows_the_key_once(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("integration.services.secrets.token_urlsafe", lambda _n: "Secret-" + "k" * 36)
    client = office(cast)
    response = client.post(
        NEW, {"name": "研究生管理系统", "user": cast.users["api_client"].pk, "scopes": ["read", "write_students"]}
    )
    token = ApiToken.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(token)
    assert token.user == cast.users["api_client"]
    assert token.issued_by == cast.users["office"]
    assert token.scopes == ["read", "write_students"]

    first = client.get(detail(token))
    shown = KEY_FIELD.search(first.content.decode())
    assert shown is not None
    key = shown.group(1)
    assert hashlib.sha256(key.encode()).hexdigest() == token.digest
    assert first["Cache-Control"] == "no-store"

    again = client.get(detail(token))
    assert again.status_code == 200
    assert key not in again.content.decode()
    assert KEY_FIELD.search(again.content.decode()) is None
    assert "no-store" not in again.get("Cache-Control", "")

    assert bearer(key).get(url("students")).status_code == 200


def test_the_key_is_not_shown_on_another_tokens_page(cast: Cast, tokens: dict[str, ApiToken]) -> None:
    client = office(cast)
    client.post(NEW, {"name": "新系统", "user": cast.users["api_client"].pk, "scopes": ["read"]})
    response = client.get(detail(tokens["live"]))
    assert KEY_FIELD.search(response.content.decode()) is None


def test_issuing_with_an_expiry(cast: Cast) -> None:
    expires = today() + dt.timedelta(days=30)
    office(cast).post(
        NEW, {"name": "临时", "user": cast.users["api_client"].pk, "scopes": ["read"], "expires_on": expires}
    )
    assert ApiToken.objects.get().expires_on == expires


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x", "scopes": ["read"]},
        {"name": "x", "user": "USER", "scopes": []},
        {"name": "x", "user": "USER", "scopes": ["admin"]},
        {"name": "x", "user": "USER", "scopes": ["read"], "expires_on": "2000-01-01"},
        {"name": "x", "user": "DISABLED", "scopes": ["read"]},
    ],
    ids=["no account", "no scope", "unknown scope", "past expiry", "disabled account"],
)
def test_issuing_a_bad_request_shows_the_form_again(cast: Cast, data: dict[str, object]) -> None:
    disabled = cast.users["student"]
    disabled.is_active = False
    disabled.save()
    replace = {"USER": cast.users["api_client"].pk, "DISABLED": disabled.pk}
    data = {name: replace.get(value, value) if isinstance(value, str) else value for name, value in data.items()}
    response = office(cast).post(NEW, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_the_issue_form_opens(cast: Cast) -> None:
    assert office(cast).get(NEW).status_code == 200


def test_revoking_asks_first(cast: Cast, tokens: dict[str, ApiToken]) -> None:
    response = office(cast).get(revoke(tokens["live"]))
    assert response.status_code == 200
    tokens["live"].refresh_from_db()
    assert tokens["live"].revoked_at is None


def test_revoking_refuses_the_token_at_once(cast: Cast) -> None:
    token, key = issue(cast.users["api_client"])
    assert bearer(key).get(url("bases")).status_code == 200
    response = office(cast).post(revoke(token))
    assert response.status_code == 302
    assert response["Location"] == detail(token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == cast.users["office"]
    assert_refused(bearer(key).get(url("bases")), "authentication_failed")


def test_revoking_a_revoked_token_changes_nothing(cast: Cast, tokens: dict[str, ApiToken]) -> None:
    before = ApiToken.objects.get(pk=tokens["revoked"].pk).revoked_at
    response = office(cast).post(revoke(tokens["revoked"]))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=tokens["revoked"].pk).revoked_at == before


def test_an_unknown_token_is_404(cast: Cast) -> None:
    client = office(cast)
    assert client.get(reverse("integration:token_detail", args=[999_999])).status_code == 404
    assert client.post(reverse("integration:token_revoke", args=[999_999])).status_code == 404


NOT_OFFICE = ["college", "supervisor", "baseadmin", "baseadmin2", "mentor", "student", "outsider", "api_client"]


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_only_the_office_opens_issues_or_revokes(cast: Cast, tokens: dict[str, ApiToken], persona: str) -> None:
    client = session_client(cast.users[persona])
    pages = [LIST, NEW, detail(tokens["own"]), revoke(tokens["own"])]
    assert [client.get(page).status_code for page in pages] == [403] * 4
    issued = client.post(NEW, {"name": "x", "user": cast.users[persona].pk, "scopes": ["read", "write_students"]})
    revoked = client.post(revoke(tokens["own"]))
    assert (issued.status_code, revoked.status_code) == (403, 403)
    assert ApiToken.objects.count() == 3
    assert ApiToken.objects.get(pk=tokens["own"].pk).revoked_at is None


@pytest.mark.parametrize("address", [LIST, NEW])
def test_anonymous_visitors_are_sent_to_log_in(cast: Cast, address: str) -> None:
    response = Client().get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
