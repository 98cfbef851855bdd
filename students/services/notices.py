"""Ending practice early or late, with one month's notice; illness ends it at once."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import Party
from base_portal import rules
from students.models import Placement, PracticeNotice

from .stages import (
    _locked,
    _require_stage,
    agreement_in_force,
    check_practice_period,
    insurance_gap,
    practice_finish,
)

Kind = PracticeNotice.Kind
logger = logging.getLogger(__name__)


@transaction.atomic
def notice_file(
    *,
    placement: Placement,
    kind: PracticeNotice.Kind,
    filed_by: Party,
    notice_date: dt.date,
    reason: str,
    filed_by_user: User,
    new_end: dt.date | None = None,
) -> PracticeNotice:
    """File a notice. Early or late ends need one calendar month; illness takes effect the same day."""
    placement = _locked(placement)
    _require_stage(placement, Placement.Stage.PRACTICE)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the notice.")})
    current_end = placement.practice_end
    if kind == Kind.ILLNESS:
        new_end = notice_date
    elif new_end is None:
        raise ValidationError({"new_end": _("Give the new end date of the practice.")})
    else:
        if not rules.notice_is_timely(notice_date, new_end):
            raise ValidationError(
                {
                    "new_end": _(
                        "A notice given on %(notice)s allows an end no earlier than %(earliest)s (one month's notice)."
                    )
                    % {"notice": notice_date, "earliest": rules.notice_earliest_end(notice_date)}
                }
            )
        if placement.practice_start and new_end < placement.practice_start:
            raise ValidationError(
                {"new_end": _("Practice cannot end before it started on %(day)s.") % {"day": placement.practice_start}}
            )
        if kind == Kind.END_EARLY and current_end and new_end >= current_end:
            raise ValidationError(
                {"new_end": _("An early end must come before the current end, %(day)s.") % {"day": current_end}}
            )
        if kind == Kind.EXTEND:
            if current_end and new_end <= current_end:
                raise ValidationError(
                    {"new_end": _("A later end must come after the current end, %(day)s.") % {"day": current_end}}
                )
            start = placement.practice_start or notice_date
            # A later end must still be a valid practice: the notice's reason explains a length beyond 12
            # months, but running past the agreement needs the decision recorded on the plan.
            check_practice_period(
                placement,
                start,
                new_end,
                length_reason=placement.length_exception_reason or reason,
                beyond_reason=placement.beyond_agreement_reason,
            )
            agreement = agreement_in_force(placement, start)
            gap = insurance_gap(placement, placement.practice_start or notice_date, new_end, agreement.insurance_party)
            if gap is not None:
                raise ValidationError(
                    {"new_end": _("Extend the accident insurance first: %(day)s is not covered.") % {"day": gap}}
                )
    notice = PracticeNotice(
        placement=placement,
        kind=kind,
        filed_by=filed_by,
        notice_date=notice_date,
        new_end=new_end,
        previous_end=current_end,
        reason=reason.strip(),
        filed_by_user=filed_by_user,
    )
    notice.full_clean()
    notice.save()
    from notifications.tasks import notice_filed

    # The other party hears of it once the notice is safely stored (nothing is sent for a rollback).
    transaction.on_commit(lambda: notice_filed.delay(notice.pk))
    if kind == Kind.ILLNESS:
        # The student stops at once and returns to Party A.
        practice_finish(placement=placement, ended_on=notice_date, ended_early_for=str(Kind.ILLNESS.label))
        PracticeNotice.objects.filter(pk=notice.pk).update(applied_on=notice_date, updated_at=timezone.now())
        notice.refresh_from_db()
    return notice


@transaction.atomic
def notice_acknowledge(*, notice: PracticeNotice, acknowledged_by: User, on: dt.date | None = None) -> PracticeNotice:
    """The other party acknowledges the notice."""
    notice = PracticeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.acknowledged_on is not None:
        raise ValidationError(_("This notice has already been acknowledged."))
    notice.acknowledged_on = on or timezone.localdate()
    notice.acknowledged_by = acknowledged_by
    notice.save()
    return notice


def notices_due(today: dt.date) -> Q:
    """Notices whose effect is due: an early end on its new end date, a later end on the old end date."""
    return Q(applied_on__isnull=True) & (
        Q(kind=Kind.END_EARLY, new_end__lte=today) | Q(kind=Kind.EXTEND, previous_end__lte=today)
    )


def notices_apply_due(*, today: dt.date | None = None) -> int:
    """Apply every notice whose effective date has come. Running it again applies nothing twice.

    Each notice is applied in its own transaction, so one that can no longer be applied (the
    practice already ended another way) is logged and left for a person, and the rest go ahead.
    """
    today = today or timezone.localdate()
    applied = 0
    for notice_id in PracticeNotice.objects.filter(notices_due(today)).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                applied += _apply(notice_id, today)
        except ValidationError:
            logger.warning("Practice notice %s could not be applied", notice_id, exc_info=True)
    return applied


def _apply(notice_id: int, today: dt.date) -> int:
    # Claim the notice first: a second run (or worker) that reaches it finds nothing to do.
    if not PracticeNotice.objects.filter(pk=notice_id, applied_on__isnull=True).update(
        applied_on=today, updated_at=timezone.now()
    ):
        return 0
    notice = PracticeNotice.objects.select_related("placement").get(pk=notice_id)
    placement = _locked(notice.placement)
    if placement.stage != Placement.Stage.PRACTICE:
        return 1  # practice already ended (by illness or another notice): nothing left to change
    if notice.kind == Kind.END_EARLY:
        practice_finish(placement=placement, ended_on=notice.new_end, ended_early_for=notice.reason[:200])
    else:
        placement.practice_end = notice.new_end
        placement.save(update_fields=["practice_end", "updated_at"])
    return 1
