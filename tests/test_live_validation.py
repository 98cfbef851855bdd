"""Form pages check a field as soon as it changes (htmx), and such a check never saves anything."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integration.models import ApiToken

from .conftest import Cast

VALIDATE = {"HTTP_HX_VALIDATE": "expires_on", "HTTP_HX_REQUEST": "true"}


def office(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.users["office"])
    return client


def test_a_form_page_asks_for_a_check_when_a_field_changes(cast: Cast) -> None:
    html = office(cast).get(reverse("integration:token_issue")).content.decode()
    assert 'id="field-name" hx-post="/api-tokens/new/" hx-trigger="change"' in html
    assert "{&quot;HX-Validate&quot;: &quot;name&quot;}" in html or '{"HX-Validate": "name"}' in html


def test_a_check_shows_the_fields_error_and_saves_nothing(cast: Cast) -> None:
    data = {"name": "x", "user": cast.users["api_client"].pk, "scopes": ["read"], "expires_on": "2026-02-30"}
    response = office(cast).post(reverse("integration:token_issue"), data, **VALIDATE)
    assert response.status_code == 200  # htmx swaps only successful answers in
    (error,) = response.context["form"].errors["expires_on"]
    html = response.content.decode()
    field = html[html.index('id="field-expires_on"') :]
    assert error in field[: field.index("</form>")]
    assert 'class="errorlist' in field
    assert not ApiToken.objects.exists()


def test_a_check_of_a_valid_form_saves_nothing_either(cast: Cast) -> None:
    later = timezone.localdate() + dt.timedelta(days=30)
    data = {"name": "教务系统", "user": cast.users["api_client"].pk, "scopes": ["read"], "expires_on": later}
    response = office(cast).post(reverse("integration:token_issue"), data, **VALIDATE)
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert not ApiToken.objects.exists()
    # The same data, sent by the submit button, issues the token.
    assert office(cast).post(reverse("integration:token_issue"), data).status_code == 302
    assert ApiToken.objects.count() == 1
