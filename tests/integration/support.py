"""Helpers the API tests share: issuing working keys, token clients, and reading whole collections."""

import datetime as dt
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.test import Client
from django.utils import timezone

from accounts.models import User
from integration.models import ApiToken, Scope
from integration.services import token_issue

COLLECTIONS = (
    "bases",
    "agreements",
    "evaluations",
    "students",
    "placements",
    "notices",
    "mentors",
    "appointments",
    "assessments",
    "allowance-payments",
    "deletions",
)
# A valid student as the graduate management system sends it (the number goes in the address).
STUDENT = {
    "full_name": "王同学",
    "college": "MEE",
    "major": "机械工程",
    "degree_level": "master",
    "degree_type": "professional",
    "study_mode": "full_time",
    "employment_type": "non_directed",
    "enrolment_year": 2025,
}

READ = (Scope.READ,)
WRITE = (Scope.WRITE_STUDENTS,)
READ_WRITE = (Scope.READ, Scope.WRITE_STUDENTS)


def issue(user: User, scopes: Iterable[str] = READ, **fields: Any) -> tuple[ApiToken, str]:
    """A token acting as ``user``, issued by that account itself, with its key."""
    return token_issue(name=fields.pop("name", "同步程序"), user=user, scopes=scopes, issued_by=user, **fields)


def issue_key(user: User, scopes: Iterable[str] = READ, **fields: Any) -> str:
    return issue(user, scopes, **fields)[1]


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def token_client(user: User, scopes: Iterable[str] = READ) -> Client:
    return bearer(issue_key(user, scopes))


def session_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(collection: str, **params: Any) -> str:
    query = f"?{urlencode(params)}" if params else ""
    return f"/api/v1/{collection}/{query}"


def read_all(client: Client, start: str) -> list[dict[str, Any]]:
    """Every row of a collection, following the next links from ``start``."""
    rows: list[dict[str, Any]] = []
    link: str | None = start
    for _page in range(10_000):
        if link is None:
            return rows
        response = client.get(link)
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        link = response.json()["next"]
    raise AssertionError("the next links never end")


def ids(client: Client, collection: str, **params: Any) -> list[int]:
    return [row["id"] for row in read_all(client, url(collection, page_size=1000, **params))]


def an_hour_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=1)
