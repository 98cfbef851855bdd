"""Requests per token, counted in the shared cache so every web worker counts the same."""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from integration.models import ApiToken


class ApiTokenThrottle(SimpleRateThrottle):
    """Limit each token to ``API_TOKEN_RATE`` requests; browser sessions are not counted here."""

    scope = "api_token"

    def get_rate(self) -> str | None:
        # Read at request time, so the rate can be changed by settings without a code change.
        return str(settings.API_TOKEN_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return f"throttle_{self.scope}_{request.auth.pk}"
