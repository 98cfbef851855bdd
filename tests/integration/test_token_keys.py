"""Keys are parsed by their first two underscores only: the random secret may contain more."""

from unittest import mock

import pytest

from integration.models import Scope
from integration.services import digest_of, token_for_key, token_issue
from tests.conftest import Cast


@pytest.mark.parametrize("secret", ["plain0secret", "with_one_underscore", "__edge_", "-dash_and_under-"])
def test_a_key_whose_secret_holds_underscores_still_finds_its_token(cast: Cast, secret: str) -> None:
    office = cast.users["office"]
    with mock.patch("integration.services.secrets.token_urlsafe", return_value=secret):
        token, key = token_issue(name="k", user=office, scopes=[Scope.READ], issued_by=office)
    assert key.endswith(f"_{secret}")
    assert token_for_key(key) == token
    assert token.digest == digest_of(key)
    assert key not in (token.prefix, token.digest)


def test_a_key_with_the_right_prefix_but_another_secret_is_refused(cast: Cast) -> None:
    office = cast.users["office"]
    _token, key = token_issue(name="k", user=office, scopes=[Scope.READ], issued_by=office)
    assert token_for_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert token_for_key(key.replace("jtb_", "xyz_", 1)) is None
    assert token_for_key("jtb_only") is None
