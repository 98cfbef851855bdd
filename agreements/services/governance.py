"""Governance records of a base: committee, yearly briefings, exchanges, fund, competitions."""

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import (
    Briefing,
    CommitteeMember,
    ExchangeActivity,
    FundedProject,
    InnovationActivity,
    InnovationFund,
    Party,
    TrainingBase,
)

Record = TypeVar("Record", bound=models.Model)


def _saved(record: Record) -> Record:
    record.full_clean()
    record.save()
    return record


def _refuse_overlapping_chair(*, base: TrainingBase, term_start: dt.date, term_end: dt.date | None) -> None:
    """One chair at a time: refuse a chair whose term overlaps another chair's."""
    chairs = CommitteeMember.objects.select_for_update().filter(base=base, is_chair=True)
    overlapping = chairs.filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=term_start))
    if term_end is not None:
        overlapping = overlapping.filter(term_start__lte=term_end)
    current = overlapping.first()
    if current is not None:
        raise ValidationError(
            {
                "is_chair": _("%(name)s chairs the committee over part of this term; end their term first.")
                % {"name": current.full_name}
            }
        )


@transaction.atomic
def committee_member_add(
    *,
    base: TrainingBase,
    party: Party,
    category: CommitteeMember.Category,
    full_name: str,
    term_start: dt.date,
    position: str = "",
    is_chair: bool = False,
    term_end: dt.date | None = None,
) -> CommitteeMember:
    """Add a member of the management committee; the category must belong to the member's party."""
    allowed = CommitteeMember.PARTY_A_CATEGORIES if party == Party.A else CommitteeMember.PARTY_B_CATEGORIES
    if category not in allowed:
        raise ValidationError({"category": _("This category belongs to the other party.")})
    if is_chair:
        _refuse_overlapping_chair(base=base, term_start=term_start, term_end=term_end)
    return _saved(
        CommitteeMember(
            base=base,
            party=party,
            category=category,
            full_name=full_name.strip(),
            position=position.strip(),
            is_chair=is_chair,
            term_start=term_start,
            term_end=term_end,
        )
    )


@transaction.atomic
def committee_member_end_term(*, member: CommitteeMember, term_end: dt.date) -> CommitteeMember:
    """Close a member's term; the record stays, so the committee's history is kept."""
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if member.term_end is not None and member.term_end <= term_end:
        raise ValidationError(_("This member's term has already ended."))
    member.term_end = term_end
    return _saved(member)


@transaction.atomic
def briefing_record(
    *, base: TrainingBase, held_on: dt.date, summary: str, attendees: str = "", recorded_by: User | None = None
) -> Briefing:
    """Record the parties' yearly briefing on the base."""
    return _saved(
        Briefing(base=base, held_on=held_on, summary=summary.strip(), attendees=attendees, recorded_by=recorded_by)
    )


@transaction.atomic
def exchange_record(
    *,
    base: TrainingBase,
    held_on: dt.date,
    title: str,
    kind: ExchangeActivity.Kind,
    participants: str = "",
    participant_count: int = 0,
) -> ExchangeActivity:
    """Record an academic exchange activity held with the base."""
    return _saved(
        ExchangeActivity(
            base=base,
            held_on=held_on,
            title=title.strip(),
            kind=kind,
            participants=participants,
            participant_count=participant_count,
        )
    )


@transaction.atomic
def fund_record(*, base: TrainingBase, year: int, amount: Decimal, notes: str = "") -> InnovationFund:
    """Record the research innovation fund Party B sets up for a year (one per base and year)."""
    return _saved(InnovationFund(base=base, year=year, amount=amount, notes=notes))


@transaction.atomic
def funded_project_add(
    *, fund: InnovationFund, title: str, leader: str, amount: Decimal, students: str = ""
) -> FundedProject:
    """Add a project financed by a year's fund; the projects may not exceed the fund."""
    fund = InnovationFund.objects.select_for_update().get(pk=fund.pk)
    committed = fund.projects.aggregate(total=models.Sum("amount"))["total"] or Decimal("0.00")
    if committed + amount > fund.amount:
        raise ValidationError(
            {
                "amount": _("Only %(left)s CNY of the %(year)s fund is left.")
                % {"left": fund.amount - committed, "year": fund.year}
            }
        )
    return _saved(
        FundedProject(fund=fund, title=title.strip(), leader=leader.strip(), amount=amount, students=students)
    )


@transaction.atomic
def innovation_activity_record(
    *,
    base: TrainingBase,
    held_on: dt.date,
    title: str,
    kind: InnovationActivity.Kind,
    participants: str = "",
    result: str = "",
) -> InnovationActivity:
    """Record a competition or innovation activity students took part in through the base."""
    return _saved(
        InnovationActivity(
            base=base, held_on=held_on, title=title.strip(), kind=kind, participants=participants, result=result
        )
    )
