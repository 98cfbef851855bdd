"""Single sign-on through the university's CAS server: off by default, on by settings."""

from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import Cast

CAS_SERVER = "https://cas.example.edu.cn/cas/"
CAS_ON = override_settings(
    CAS_ENABLED=True,
    CAS_SERVER_URL=CAS_SERVER,
    AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, "django_cas_ng.backends.CASBackend"],
)


class FakeCasClient:
    """Stands in for the CAS server's ticket validation."""

    def __init__(self, username: str | None) -> None:
        self.username = username

    def verify_ticket(self, ticket: str) -> tuple[str | None, dict[str, Any], None]:
        return (self.username if ticket == "ST-good" else None), {}, None

    def get_login_url(self) -> str:
        return f"{CAS_SERVER}login"

    def get_logout_url(self, redirect_url: str | None = None) -> str:
        return f"{CAS_SERVER}logout"


def cas_as(username: str | None) -> Any:
    return mock.patch("django_cas_ng.backends.get_cas_client", return_value=FakeCasClient(username))


@pytest.mark.django_db
def test_off_by_default_the_addresses_do_not_exist_and_the_login_page_offers_no_button() -> None:
    client = Client()
    assert not settings.CAS_ENABLED
    assert client.get(reverse("accounts:cas_login")).status_code == 404
    assert "CAS" not in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
@CAS_ON
def test_switched_on_the_login_page_links_to_cas_which_sends_the_browser_to_the_server() -> None:
    client = Client()
    page = client.get(reverse("accounts:login") + "?next=/bases/").content.decode()
    assert reverse("accounts:cas_login") in page

    response = client.get(reverse("accounts:cas_login") + "?next=/bases/")

    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{CAS_SERVER}login"
    service = parse_qs(location.query)["service"][0]
    assert service.startswith("http://testserver/accounts/cas/login/")


@CAS_ON
def test_a_valid_ticket_for_an_existing_account_logs_it_in(cast: Cast) -> None:
    office = cast.users["office"]
    client = Client()
    with cas_as(office.username):
        response = client.get(reverse("accounts:cas_login") + "?next=/bases/&ticket=ST-good")
    assert response.status_code == 302
    assert response["Location"] == "/bases/"
    assert client.session["_auth_user_id"] == str(office.pk)
    assert client.get(reverse("agreements:base_list")).status_code == 200


@CAS_ON
def test_a_cas_user_without_an_account_is_refused_and_no_account_is_created(cast: Cast) -> None:
    from accounts.models import User

    before = User.objects.count()
    client = Client()
    with cas_as("stranger"):
        response = client.get(reverse("accounts:cas_login") + "?ticket=ST-good")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before


@CAS_ON
def test_a_bad_ticket_logs_nobody_in(cast: Cast) -> None:
    client = Client()
    with cas_as(cast.users["office"].username):
        response = client.get(reverse("accounts:cas_login") + "?ticket=ST-forged")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@CAS_ON
def test_logout_ends_the_portal_session_and_the_cas_one(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users["office"])
    response = client.get(reverse("accounts:cas_logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CAS_SERVER}logout")
    assert "_auth_user_id" not in client.session
