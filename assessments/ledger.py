"""The allowance ledger of one month as a table: the page's export and the background export write it."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from base_portal.exports import EXPORT_CHUNK_SIZE

from .models import AllowancePayment
from .selectors import payments_visible_to

# Up to this many payments the page's export is written while the user waits (about a second);
# a larger month is exported in the background (jobs.Job.Kind.LEDGER_EXPORT).
DIRECT_EXPORT_ROWS = 5000


def ledger_payments(user: Any, month: dt.date, base_id: int | None = None) -> QuerySet[AllowancePayment]:
    """The month's payments the user sees, of one base if given, with what the ledger prints."""
    payments = payments_visible_to(user).filter(month=month).select_related("placement__student", "base")
    if base_id is not None:
        payments = payments.filter(base_id=base_id)
    return payments


def ledger_headers() -> list[str]:
    return [
        _("Base"),
        _("Student number"),
        _("Name"),
        _("Month"),
        _("Days in practice"),
        _("Amount (CNY)"),
        _("Reason for a reduced amount"),
        _("Paid on"),
        _("Payment reference"),
    ]


def ledger_rows(payments: QuerySet[AllowancePayment]) -> Iterator[list[Any]]:
    """Every payment as a row, by base and student number, read from the database in chunks."""
    for p in payments.order_by("base__name", "placement__student__student_no").iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield [
            p.base.name,
            p.placement.student.student_no,
            p.placement.student.full_name,
            f"{p.month:%Y-%m}",
            p.days_in_practice,
            p.amount,
            p.reduction_reason,
            p.paid_on,
            p.reference,
        ]
