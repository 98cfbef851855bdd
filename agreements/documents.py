"""The agreement's text: placeholders, filling a template version, and the PDF.

Templates are edited by office staff, so they are not Django templates (which could reach
into objects): they are plain text whose only markup is ``## heading`` lines and
``{{ placeholder }}`` blanks from the fixed list below. Values are escaped before they are
put into the HTML that WeasyPrint renders.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from base_portal.pdf import render_pdf

from .models import Agreement

# Anything between double braces is a blank; unknown names are refused when a version is published.
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
BLANK = "＿＿＿＿＿＿"
UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def upper_number(n: int) -> str:
    """A whole number from 0 to 99 in the capital numerals contracts use (4 → 肆, 12 → 壹拾贰)."""
    if not 0 <= n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return UPPER_DIGITS[ones]
    return (UPPER_DIGITS[tens] if tens > 1 else "壹") + "拾" + (UPPER_DIGITS[ones] if ones else "")


def _date(value: object) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if isinstance(value, dt.date) else ""


@dataclass(frozen=True)
class Placeholder:
    """A blank of the standard text and where its value comes from."""

    name: str
    label: str | Promise
    value: Callable[[Agreement], str]


PLACEHOLDERS = {
    p.name: p
    for p in [
        Placeholder("base_name", _("base name"), lambda a: a.base.name),
        Placeholder("party_a_name", _("Party A (university) name"), lambda a: a.base.university.name),
        Placeholder("party_b_name", _("Party B (enterprise) name"), lambda a: a.base.enterprise.name),
        Placeholder("party_b_credit_code", _("Party B credit code"), lambda a: a.base.enterprise.credit_code or ""),
        Placeholder("party_a_representative", _("Party A representative"), lambda a: a.party_a_representative),
        Placeholder("party_b_representative", _("Party B representative"), lambda a: a.party_b_representative),
        Placeholder("min_students", _("minimum students per year"), lambda a: str(a.min_students_per_year)),
        Placeholder("remuneration_terms", _("remuneration of Party B staff"), lambda a: a.remuneration_terms),
        Placeholder(
            "insurance_party",
            _("party buying insurance (甲 or 乙)"),
            lambda a: "甲" if a.insurance_party == "A" else "乙",
        ),
        Placeholder("copies", _("number of copies"), lambda a: str(a.copies)),
        Placeholder("copies_upper", _("number of copies in capital numerals"), lambda a: upper_number(a.copies)),
        Placeholder("supplementary_clauses", _("supplementary clauses"), lambda a: a.supplementary_clauses),
        Placeholder("effective_from", _("in force from"), lambda a: _date(a.effective_from)),
        Placeholder("ends_on", _("last day"), lambda a: _date(a.ends_on)),
    ]
}


def unknown_placeholders(body: str) -> list[str]:
    """Names in ``{{ }}`` that are not placeholders we know."""
    return sorted({name for name in PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})


def fill(body: str, agreement: Agreement) -> SafeString:
    """The template text as HTML, its blanks filled from ``agreement``; everything escaped."""
    values = {name: p.value(agreement) for name, p in PLACEHOLDERS.items()}

    def substitute(match: re.Match[str]) -> str:
        value = values.get(match.group(1), "")
        # Escaped text inside escaped text: the braces were escaped with the line, the value is escaped here.
        return f'<span class="filled">{escape(value)}</span>' if value else BLANK

    parts = []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = line.startswith("## ")
        html = PLACEHOLDER.sub(substitute, escape(line.removeprefix("## ")))
        parts.append(f"<h2>{html}</h2>" if heading else f"<p>{html}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - built from escaped pieces above


def agreement_pdf(agreement: Agreement) -> bytes:
    """The filled agreement as a PDF, with the signature and seal block of each party."""
    body = agreement.template.body if agreement.template else ""
    return render_pdf(
        "agreements/pdf/agreement.html",
        {"agreement": agreement, "body": fill(body, agreement), "blank": BLANK},
    )
