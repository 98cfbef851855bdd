"""Issuing, using and revoking API tokens."""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import ApiToken, Scope

KEY_PREFIX = "jtb"
KEY_PARTS = 3  # jtb, the prefix, the secret
PREFIX_BYTES = 6  # 12 hex characters: finds the row without revealing the secret
SECRET_BYTES = 32
# Recording every request's time would turn each read into a write; once a minute is enough to tell
# a live client from a forgotten one.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest_of(key: str) -> str:
    """The stored form of a key. Keys are long random strings, so a plain SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_issue(
    *,
    name: str,
    user: User,
    scopes: Iterable[str],
    issued_by: User,
    expires_on: dt.date | None = None,
) -> tuple[ApiToken, str]:
    """Create a token acting as ``user``; return it with its key, which is never shown again."""
    scopes = sorted(set(scopes))
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    unknown = [scope for scope in scopes if scope not in Scope.values]
    if unknown:
        raise ValidationError({"scopes": _("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)}})
    if not user.is_active:
        raise ValidationError({"user": _("This account is disabled.")})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The expiry date has already passed.")})
    prefix = secrets.token_hex(PREFIX_BYTES)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    token = ApiToken(
        name=name.strip(),
        user=user,
        prefix=prefix,
        digest=digest_of(key),
        scopes=scopes,
        expires_on=expires_on,
        issued_by=issued_by,
    )
    token.full_clean()
    token.save()
    return token, key


def token_for_key(key: str) -> ApiToken | None:
    """The usable token with this key, or None (unknown, revoked, expired or disabled account)."""
    # jtb_<prefix>_<secret>; the secret is URL-safe base64 and may itself contain "_".
    parts = key.split("_", 2)
    if len(parts) != KEY_PARTS or parts[0] != KEY_PREFIX:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(key)):
        return None
    return token


def token_touch(*, token: ApiToken) -> None:
    """Note that the token was used now, at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def token_revoke(*, token: ApiToken, revoked_by: User) -> ApiToken:
    """Revoke a token at once; requests with it are refused from now on."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.revoked_by = revoked_by
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return token
