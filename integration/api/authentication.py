"""``Authorization: Bearer <key>`` for university systems; browsers keep their session."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from integration.models import ApiToken
from integration.services import token_for_key, token_touch

KEYWORD = "Bearer"


class BearerTokenAuthentication(BaseAuthentication):
    """Authenticate with an API token issued by the office; the request acts as the token's account."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, with one space between."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("The token contains invalid characters.")) from error
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, revoked or expired."))
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'
