"""The project's URLs plus one that fails, to see the 500 page (used by tests/test_error_pages.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from base_portal.urls import handler404, handler500, urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


urlpatterns = [*urlpatterns, path("broken/", broken)]
