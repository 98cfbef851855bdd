"""Validation of the unified social credit code (统一社会信用代码, GB 32100-2015)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 31 characters the standard allows: digits and capitals without I, O, S, V and Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH = 18
# Weight of position i is 3**i mod 31.
CREDIT_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(CREDIT_CODE_LENGTH - 1))


def credit_code_check_character(first17: str) -> str:
    """The 18th character that completes the 17 given characters of a credit code."""
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Refuse a code of the wrong length, with a character outside the alphabet, or a bad check character."""
    if len(value) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)d."),
            code="credit_code_length",
            params={"length": len(value)},
        )
    bad = sorted({c for c in value if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("A unified social credit code may not contain: %(chars)s (letters I, O, S, V, Z are never used)."),
            code="credit_code_alphabet",
            params={"chars": " ".join(bad)},
        )
    if credit_code_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The check character (the last one) does not match: please check the code for a typing error."),
            code="credit_code_check",
        )
