"""A token's scopes narrow what its account may do; a browser session is not narrowed."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from integration.models import ApiToken, Scope


class TokenScope(BasePermission):
    """Reads need the ``read`` scope; writes need the scope the view names in ``write_scope``."""

    message = _("This token's scopes do not allow this request.")
    code = "insufficient_scope"

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if request.method in SAFE_METHODS:
            return token.has_scope(Scope.READ)
        scope = getattr(view, "write_scope", None)
        return scope is not None and token.has_scope(scope)
