"""Optional single sign-on through the university's CAS server (django-cas-ng).

Off unless ``CAS_SERVER_URL`` is set; while off, its addresses answer 404 as if they did not exist.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django_cas_ng import views as cas_views


def _when_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.CAS_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


login = _when_enabled(cas_views.LoginView.as_view())
logout = _when_enabled(cas_views.LogoutView.as_view())
callback = _when_enabled(cas_views.CallbackView.as_view())
