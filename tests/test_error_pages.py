"""The 403, 404 and 500 pages: friendly, in the visitor's language, and telling nothing away."""

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import Cast

PAGES = {
    # status: (Chinese heading, English heading)
    403: ("无权访问", "Not allowed"),
    404: ("页面不存在", "Page not found"),
    500: ("出错了", "Something went wrong"),
}


def visitor(cast: Cast, language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(cast.users["baseadmin"])
    client.cookies["django_language"] = language
    return client


def address(cast: Cast, status: int) -> str:
    return {
        403: reverse("integration:token_list"),  # the office's page
        404: reverse("agreements:base_detail", args=[cast.base_b.pk]),  # another enterprise's base
        500: "/broken/",
    }[status]


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("status", sorted(PAGES))
@pytest.mark.parametrize(("language", "lang", "index"), [("zh-hans", "zh-hans", 0), ("en", "en", 1)])
def test_error_pages_speak_the_visitors_language(cast: Cast, status: int, language: str, lang: str, index: int) -> None:
    response = visitor(cast, language).get(address(cast, status))
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert PAGES[status][index] in html
    assert 'href="/"' in html or f'href="{reverse("home")}"' in html  # a way back
    assert "Traceback" not in html
    assert "deliberate" not in html
    assert cast.base_b.name not in html
