"""Reads of assessments, allowances and what is overdue, scoped to the user."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from accounts.scopes import is_active_user
from base_portal import rules
from students.models import Placement
from students.selectors import placements_visible_to

from .models import AllowancePayment, AllowancePolicy, MonthlyAssessment, month_start


def assessments_visible_to(user: Any) -> QuerySet[MonthlyAssessment]:
    """Assessments of the placements the user sees."""
    if not is_active_user(user) or not user.has_perm("assessments.view_monthlyassessment"):
        return MonthlyAssessment.objects.none()
    return MonthlyAssessment.objects.filter(placement__in=placements_visible_to(user).values("pk"))


def payments_visible_to(user: Any) -> QuerySet[AllowancePayment]:
    """Allowance payments of the placements the user sees."""
    if not is_active_user(user) or not user.has_perm("assessments.view_allowancepayment"):
        return AllowancePayment.objects.none()
    return AllowancePayment.objects.filter(placement__in=placements_visible_to(user).values("pk"))


def policies_visible_to(user: Any) -> QuerySet[AllowancePolicy]:
    """Allowance policies of the bases the user sees."""
    from agreements.selectors import bases_visible_to

    if not is_active_user(user) or not user.has_perm("assessments.view_allowancepolicy"):
        return AllowancePolicy.objects.none()
    return AllowancePolicy.objects.filter(base__in=bases_visible_to(user).values("pk"))


def practising_in(month: dt.date) -> Q:
    """Placements whose practice overlaps the month."""
    first, last = rules.month_bounds(month)
    return Q(practice_start__lte=last) & (Q(practice_end__isnull=True) | Q(practice_end__gte=first))


def mentor_month_placements(user: Any, month: dt.date) -> QuerySet[Placement]:
    """The mentor's students in practice during ``month``: the rows of their month page."""
    return (
        placements_visible_to(user)
        .filter(practising_in(month), cooperative_mentor__user=user)
        .select_related("student", "base", "cooperative_mentor")
        .order_by("student__student_no")
    )


def months_of_practice(placement: Placement, until: dt.date, since: dt.date | None = None) -> list[dt.date]:
    """First days of the months in which the placement was in practice, up to the month of ``until``
    (and from the month of ``since``, if given)."""
    return practice_months(placement.practice_start, placement.practice_end, until, since)


def practice_months(
    start: dt.date | None, end: dt.date | None, until: dt.date, since: dt.date | None = None
) -> list[dt.date]:
    """``months_of_practice`` from the practice's dates alone (for reads of many placements as values)."""
    if start is None:
        return []
    months = []
    month = month_start(start)
    if since is not None:
        month = max(month, month_start(since))
    last = month_start(min(end or until, until))
    while month <= last:
        months.append(month)
        # The first of the next month, by arithmetic: this runs for every month of every placement.
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def overdue_assessments(user: Any, today: dt.date, *, limit: int = 500) -> list[tuple[Placement, dt.date]]:
    """Months that have ended with no confirmed assessment, for the placements the user sees."""
    this_month = month_start(today)
    placements = list(
        placements_visible_to(user)
        .filter(practice_start__lt=this_month)
        .select_related("student", "base", "cooperative_mentor")
        .order_by("base__name", "student__student_no")[:limit]
    )
    confirmed = set(
        MonthlyAssessment.objects.filter(
            placement__in=[p.pk for p in placements], state=MonthlyAssessment.State.CONFIRMED
        ).values_list("placement_id", "month")
    )
    last_ended = rules.add_months(this_month, -1)
    return [
        (placement, month)
        for placement in placements
        for month in months_of_practice(placement, last_ended)
        if (placement.pk, month) not in confirmed
    ]
