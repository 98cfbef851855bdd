"""The unified social credit code check (GB 32100-2015)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import credit_code_check_character, validate_credit_code

# Published examples of real registrations, with their check characters.
VALID = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code: str) -> None:
    validate_credit_code(code)
    assert credit_code_check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100Y433", "credit_code_length"),
        ("", "credit_code_length"),
        ("91350100M000100I43", "credit_code_alphabet"),  # I is never used
        ("91350100m000100Y43", "credit_code_alphabet"),  # lower case
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100Y34", "credit_code_check"),  # two characters swapped
    ],
)
def test_invalid_codes_are_refused_with_a_reason(code: str, error: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert excinfo.value.code == error


def test_message_is_in_chinese_by_default() -> None:
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91350100M000100Y44")
    assert "校验" in excinfo.value.messages[0]
