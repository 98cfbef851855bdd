"""What practice leaves behind: the appraisal, awards and recommended achievements, and IP approvals."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from base_portal.choices import FourLevelGrade
from students.models import Award, DisclosureRequest, Placement, PracticeAppraisal

from .stages import _locked


@transaction.atomic
def appraisal_issue(
    *, placement: Placement, grade: FourLevelGrade, comments: str, issued_by: User, issued_on: dt.date
) -> PracticeAppraisal:
    """Party B issues the practice appraisal at the end of practice (once)."""
    placement = _locked(placement)
    if placement.practice_start is None:
        raise ValidationError(_("The student has not started practice."))
    if placement.stage == Placement.Stage.PRACTICE and (
        placement.practice_end is None or issued_on < placement.practice_end
    ):
        raise ValidationError(
            _("The appraisal is issued at the end of practice, on or after %(day)s.") % {"day": placement.practice_end}
        )
    if PracticeAppraisal.objects.filter(placement=placement).exists():
        raise ValidationError(_("The appraisal has already been issued."))
    if not comments.strip():
        raise ValidationError({"comments": _("Write the appraisal's comments.")})
    appraisal = PracticeAppraisal(
        placement=placement, grade=grade, comments=comments.strip(), issued_by=issued_by, issued_on=issued_on
    )
    appraisal.full_clean()
    appraisal.save()
    return appraisal


@transaction.atomic
def award_record(
    *, placement: Placement, kind: Award.Kind, title: str, awarded_on: dt.date, description: str = ""
) -> Award:
    """Record an award for an outstanding student, or an achievement Party B recommends."""
    award = Award(placement=placement, kind=kind, title=title.strip(), awarded_on=awarded_on, description=description)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def disclosure_request(
    *,
    placement: Placement,
    kind: DisclosureRequest.Kind,
    title: str,
    summary: str,
    planned_on: dt.date,
    requested_by: User,
    venue: str = "",
    today: dt.date | None = None,
) -> DisclosureRequest:
    """Ask the project owner's approval before publishing or presenting project content."""
    if planned_on < (today or timezone.localdate()):
        raise ValidationError({"planned_on": _("Approval is asked before disclosure, so the date cannot be past.")})
    request = DisclosureRequest(
        placement=placement,
        kind=kind,
        title=title.strip(),
        venue=venue.strip(),
        summary=summary.strip(),
        planned_on=planned_on,
        requested_by=requested_by,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def disclosure_decide(
    *, request: DisclosureRequest, approve: bool, decided_by: User, decided_on: dt.date, reason: str = ""
) -> DisclosureRequest:
    """The project owner approves or refuses, before the planned disclosure."""
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision != DisclosureRequest.Decision.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if decided_on > request.planned_on:
        raise ValidationError(
            _("The decision must come before the planned disclosure on %(day)s.") % {"day": request.planned_on}
        )
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    request.decision = DisclosureRequest.Decision.APPROVED if approve else DisclosureRequest.Decision.REFUSED
    request.decided_by = decided_by
    request.decided_on = decided_on
    request.decision_reason = reason.strip()
    request.full_clean()
    request.save()
    return request
