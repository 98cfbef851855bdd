"""Monthly assessments and allowances: one function per state change."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import TrainingBase
from base_portal import rules
from base_portal.choices import FourLevelGrade
from students.models import Placement

from .models import AllowancePayment, AllowancePolicy, MonthlyAssessment, WorkSummary, month_start

State = MonthlyAssessment.State


@transaction.atomic
def policy_set(
    *,
    base: TrainingBase,
    degree_level: str,
    effective_from: dt.date,
    base_amount: Decimal,
    failed_amount: Decimal,
    excellent_bonus: Decimal = Decimal("0.00"),
) -> AllowancePolicy:
    """Set a base's monthly allowance for a degree level from a date; never below the floor."""
    floor = rules.allowance_floor(degree_level)
    if base_amount < floor:
        raise ValidationError(
            {"base_amount": _("The monthly amount may not be below the floor of %(floor)s CNY.") % {"floor": floor}}
        )
    policy = AllowancePolicy(
        base=base,
        degree_level=degree_level,
        effective_from=effective_from,
        base_amount=base_amount,
        failed_amount=failed_amount,
        excellent_bonus=excellent_bonus,
    )
    policy.full_clean()
    policy.save()
    return policy


def policy_for(placement: Placement, month: dt.date) -> AllowancePolicy:
    """The policy of the placement's base and the student's degree level in force for ``month``."""
    _first, last = rules.month_bounds(month)
    policy = (
        AllowancePolicy.objects.filter(
            base_id=placement.base_id, degree_level=placement.student.degree_level, effective_from__lte=last
        )
        .order_by("-effective_from")
        .first()
    )
    if policy is None:
        raise ValidationError(
            _("%(base)s has no allowance policy for %(level)s students yet; the base must set one first.")
            % {"base": placement.base, "level": placement.student.get_degree_level_display()}
        )
    return policy


@dataclass(frozen=True)
class Allowance:
    """A month's allowance and how it was reached."""

    amount: Decimal
    days: int
    reduction_reason: str
    policy: AllowancePolicy


def allowance_for(assessment: MonthlyAssessment) -> Allowance:
    """The month's amount: the policy's amount for the grade, pro-rated for a part month.

    The reason for a reduced amount is a record, so it is written in the portal's own language
    whatever language the person confirming uses.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _allowance(assessment)


def _allowance(assessment: MonthlyAssessment) -> Allowance:
    placement = assessment.placement
    policy = policy_for(placement, assessment.month)
    reason = ""
    if assessment.grade == FourLevelGrade.FAIL:
        full = policy.failed_amount
        if full < policy.base_amount:
            reason = str(_("Assessment failed: reduced by the base's policy."))
    elif assessment.grade == FourLevelGrade.EXCELLENT:
        full = policy.base_amount + policy.excellent_bonus
    else:
        full = policy.base_amount
    start = placement.practice_start or assessment.month
    days = rules.days_in_practice(assessment.month, start, placement.practice_end)
    amount = rules.prorate(full, assessment.month, start, placement.practice_end)
    if days < (rules.month_bounds(assessment.month)[1].day) and not reason:
        reason = str(_("Part month: %(days)s days in practice.") % {"days": days})
    return Allowance(amount=amount, days=days, reduction_reason=reason, policy=policy)


def in_practice_during(placement: Placement, month: dt.date) -> bool:
    """True if any day of the month falls within the placement's practice."""
    if placement.practice_start is None:
        return False
    return rules.days_in_practice(month, placement.practice_start, placement.practice_end) > 0


@dataclass
class MonthRow:
    """One student's row on the mentor's month page."""

    placement: Placement
    attendance_days: int
    score: int
    work_summary: str = ""
    mentor_comments: str = ""


class MonthSaveError(ValidationError):
    """Some rows of the month page were refused; nothing was saved. ``by_placement`` maps ids to messages."""

    def __init__(self, by_placement: dict[int, list[str]]) -> None:
        self.by_placement = by_placement
        super().__init__([message for messages in by_placement.values() for message in messages])


def _row_errors(row: MonthRow, month: dt.date, existing: MonthlyAssessment | None, mentor: User) -> list[str]:
    errors = []
    placement = row.placement
    if placement.cooperative_mentor is None or placement.cooperative_mentor.user_id != mentor.pk:
        errors.append(_("You are not this student's cooperative mentor."))
    if not in_practice_during(placement, month):
        errors.append(_("The student was not in practice that month."))
    elif row.attendance_days > rules.days_in_practice(month, placement.practice_start or month, placement.practice_end):
        errors.append(_("More attendance days than days in practice that month."))
    if not 0 <= row.score <= 100:
        errors.append(_("The score is between 0 and 100."))
    if existing is not None and existing.state == State.CONFIRMED:
        errors.append(_("The base has confirmed this assessment; ask it for an amendment."))
    return errors


@transaction.atomic
def month_save(*, mentor: User, month: dt.date, rows: list[MonthRow], submit: bool) -> list[MonthlyAssessment]:
    """Save (and optionally submit) a mentor's whole month in one go: every row, or none."""
    month = month_start(month)
    existing = {
        a.placement_id: a
        for a in MonthlyAssessment.objects.select_for_update().filter(
            month=month, placement__in=[row.placement.pk for row in rows]
        )
    }
    errors = {}
    for row in rows:
        row_errors = _row_errors(row, month, existing.get(row.placement.pk), mentor)
        if row_errors:
            errors[row.placement.pk] = row_errors
    if errors:
        raise MonthSaveError(errors)
    saved = []
    for row in rows:
        assessment = existing.get(row.placement.pk) or MonthlyAssessment(
            placement=row.placement, base_id=row.placement.base_id, month=month
        )
        assessment.attendance_days = row.attendance_days
        assessment.score = row.score
        assessment.grade = rules.grade_for_score(row.score)
        assessment.work_summary = row.work_summary
        assessment.mentor_comments = row.mentor_comments
        assessment.written_by = mentor
        assessment.state = State.SUBMITTED if submit else State.DRAFT
        assessment.full_clean()
        assessment.save()
        saved.append(assessment)
    return saved


def _payment(assessment: MonthlyAssessment) -> AllowancePayment:
    allowance = allowance_for(assessment)
    payment, _created = AllowancePayment.objects.update_or_create(
        assessment=assessment,
        defaults={
            "placement_id": assessment.placement_id,
            "base_id": assessment.base_id,
            "month": assessment.month,
            "policy": allowance.policy,
            "days_in_practice": allowance.days,
            "amount": allowance.amount,
            "reduction_reason": allowance.reduction_reason,
        },
    )
    return payment


@transaction.atomic
def assessment_confirm(
    *, assessment: MonthlyAssessment, confirmed_by: User, today: dt.date | None = None
) -> AllowancePayment:
    """The base confirms a submitted assessment; it is then locked and the month's allowance is set."""
    assessment = (
        MonthlyAssessment.objects.select_for_update().select_related("placement__student").get(pk=assessment.pk)
    )
    if assessment.state != State.SUBMITTED:
        raise ValidationError(_("Only an assessment the mentor has submitted can be confirmed."))
    assessment.state = State.CONFIRMED
    assessment.confirmed_by = confirmed_by
    assessment.confirmed_on = today or timezone.localdate()
    assessment.save()
    return _payment(assessment)


AMENDABLE = ("attendance_days", "score", "work_summary", "mentor_comments")
# django-simple-history keeps the change reason in a 100-character column.
AMENDMENT_REASON_MAX = 100


@transaction.atomic
def assessment_amend(
    *, assessment: MonthlyAssessment, amended_by: User, reason: str, **changes: Any
) -> MonthlyAssessment:
    """Correct a confirmed assessment, with the reason on record; both versions stay in the history."""
    assessment = (
        MonthlyAssessment.objects.select_for_update().select_related("placement__student").get(pk=assessment.pk)
    )
    if assessment.state != State.CONFIRMED:
        raise ValidationError(_("Only a confirmed assessment is amended; a draft is simply edited."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    if len(reason.strip()) > AMENDMENT_REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason within %(n)s characters.") % {"n": AMENDMENT_REASON_MAX}})
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise TypeError(f"not amendable: {sorted(unknown)}")
    payment = AllowancePayment.objects.filter(assessment=assessment).first()
    if payment is not None and payment.paid_on is not None:
        raise ValidationError(_("This month's allowance has been paid; the assessment can no longer change."))
    for name, value in changes.items():
        setattr(assessment, name, value)
    placement = assessment.placement
    if assessment.attendance_days > rules.days_in_practice(
        assessment.month, placement.practice_start or assessment.month, placement.practice_end
    ):
        raise ValidationError({"attendance_days": _("More attendance days than days in practice that month.")})
    assessment.grade = rules.grade_for_score(assessment.score)
    assessment._history_user = amended_by  # type: ignore[attr-defined]  # who, also outside a web request
    assessment._change_reason = reason.strip()  # type: ignore[attr-defined]  # recorded by simple-history
    assessment.full_clean()
    assessment.save()
    _payment(assessment)
    return assessment


@transaction.atomic
def payment_record_paid(*, payment: AllowancePayment, paid_on: dt.date, reference: str) -> AllowancePayment:
    """Record that a month's allowance was paid."""
    payment = AllowancePayment.objects.select_for_update().get(pk=payment.pk)
    if payment.paid_on is not None:
        raise ValidationError(_("This allowance is already recorded as paid."))
    payment.paid_on = paid_on
    payment.reference = reference.strip()
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def work_summary_save(
    *, placement: Placement, month: dt.date, text: str, attachment: UploadedFile | None = None
) -> WorkSummary:
    """The student writes (or rewrites) their summary of a month's work."""
    month = month_start(month)
    if not in_practice_during(placement, month):
        raise ValidationError({"month": _("You were not in practice that month.")})
    summary, _created = WorkSummary.objects.get_or_create(placement=placement, month=month, defaults={"text": text})
    summary.text = text
    if attachment is not None:
        summary.attachment = attachment
    summary.full_clean()
    summary.save()
    return summary
