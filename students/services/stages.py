"""The three stages: coursework, practice (with safety agreement and insurance), thesis.

Each check that stands between a student and the next stage lives here, once; the pages and
the API only call these functions.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import Agreement, Party
from base_portal import rules
from students.models import ConfidentialityConfirmation, DefenceResult, InsurancePolicy, Placement, SafetyAgreement

Stage = Placement.Stage
ONE_DAY = dt.timedelta(days=1)


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().select_related("base", "student").get(pk=placement.pk)


def _require_stage(placement: Placement, stage: str) -> None:
    if placement.stage != stage:
        raise ValidationError(
            _("The student is in the “%(current)s” stage; this step belongs to “%(needed)s”.")
            % {"current": placement.get_stage_display(), "needed": Stage(stage).label}
        )


def agreement_in_force(placement: Placement, day: dt.date) -> Agreement:
    """The base's agreement in force on ``day``; practice needs one."""
    agreement = Agreement.objects.filter(base_id=placement.base_id).in_force_on(day).first()
    if agreement is None:
        raise ValidationError(
            _("%(base)s has no agreement in force on %(day)s.") % {"base": placement.base, "day": day}
        )
    return agreement


def check_practice_period(
    placement: Placement, start: dt.date, end: dt.date, *, length_reason: str, beyond_reason: str
) -> None:
    """Practice lasts 6 to 12 months unless a reason is recorded, and stays within the agreement unless decided."""
    if end < start:
        raise ValidationError(_("Practice cannot end before it starts."))
    if not rules.practice_length_ok(start, end) and not length_reason.strip():
        raise ValidationError(
            {
                "length_exception_reason": _(
                    "Practice from %(start)s should end between %(min)s and %(max)s (6 to 12 months); "
                    "record the reason for a different length."
                )
                % {
                    "start": start,
                    "min": rules.practice_last_day(start, rules.PRACTICE_MIN_MONTHS),
                    "max": rules.practice_last_day(start, rules.PRACTICE_MAX_MONTHS),
                }
            }
        )
    agreement = agreement_in_force(placement, start)
    if agreement.in_force_until and end > agreement.in_force_until and not beyond_reason.strip():
        raise ValidationError(
            {
                "beyond_agreement_reason": _(
                    "The agreement ends on %(day)s, before the practice would; record the decision to go ahead."
                )
                % {"day": agreement.in_force_until}
            }
        )


def insurance_gap(placement: Placement, start: dt.date, end: dt.date, party: str) -> dt.date | None:
    """The first day in [start, end] not covered by a policy bought by ``party``, or None."""
    covered_until = start - ONE_DAY
    for policy in placement.insurance_policies.filter(bought_by=party).order_by("covers_from"):
        if policy.covers_from > covered_until + ONE_DAY:
            break
        covered_until = max(covered_until, policy.covers_to)
    return None if covered_until >= end else covered_until + ONE_DAY


@transaction.atomic
def coursework_record(
    *, placement: Placement, credits_required: int, credits_earned: int, completed_on: dt.date | None = None
) -> Placement:
    """Record coursework credits; it is complete only with every required credit earned."""
    placement = _locked(placement)
    _require_stage(placement, Stage.COURSEWORK)
    if completed_on is not None and credits_earned < credits_required:
        raise ValidationError(
            {
                "completed_on": _("Coursework is complete only when all %(n)s credits are earned.")
                % {"n": credits_required}
            }
        )
    placement.credits_required = credits_required
    placement.credits_earned = credits_earned
    placement.coursework_completed_on = completed_on
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def practice_plan(
    *,
    placement: Placement,
    planned_start: dt.date,
    planned_end: dt.date,
    project: str,
    length_exception_reason: str = "",
    beyond_agreement_reason: str = "",
) -> Placement:
    """Plan the practice: dates, project, and any recorded exception."""
    placement = _locked(placement)
    _require_stage(placement, Stage.COURSEWORK)
    if not project.strip():
        raise ValidationError({"project": _("Name the practice project; the thesis topic will be tied to it.")})
    check_practice_period(
        placement,
        planned_start,
        planned_end,
        length_reason=length_exception_reason,
        beyond_reason=beyond_agreement_reason,
    )
    placement.planned_practice_start = planned_start
    placement.planned_practice_end = planned_end
    placement.practice_project = project.strip()
    placement.length_exception_reason = length_exception_reason.strip()
    placement.beyond_agreement_reason = beyond_agreement_reason.strip()
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def safety_agreement_record(
    *,
    placement: Placement,
    base_signed_on: dt.date,
    student_signed_on: dt.date,
    supervisor_signed_on: dt.date,
    scan: UploadedFile,
) -> SafetyAgreement:
    """Record the safety agreement signed by the base, the student and the supervisor (replacing an earlier one)."""
    placement = _locked(placement)
    if placement.stage == Stage.THESIS:
        raise ValidationError(_("Practice is over; the safety agreement can no longer change."))
    agreement, _created = SafetyAgreement.objects.update_or_create(
        placement=placement,
        defaults={
            "base_signed_on": base_signed_on,
            "student_signed_on": student_signed_on,
            "supervisor_signed_on": supervisor_signed_on,
            "scan": scan,
        },
    )
    agreement.full_clean()
    return agreement


@transaction.atomic
def insurance_record(
    *,
    placement: Placement,
    insurer: str,
    policy_number: str,
    bought_by: Party,
    covers_from: dt.date,
    covers_to: dt.date,
) -> InsurancePolicy:
    """Record an accident insurance policy; it must be bought by the party the agreement names."""
    placement = _locked(placement)
    day = placement.planned_practice_start or placement.practice_start or covers_from
    agreement = agreement_in_force(placement, day)
    if bought_by != agreement.insurance_party:
        raise ValidationError(
            {
                "bought_by": _("The agreement names %(party)s as the buyer of the accident insurance.")
                % {"party": Party(agreement.insurance_party).label}
            }
        )
    policy = InsurancePolicy(
        placement=placement,
        insurer=insurer.strip(),
        policy_number=policy_number.strip(),
        bought_by=bought_by,
        covers_from=covers_from,
        covers_to=covers_to,
    )
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def practice_start(*, placement: Placement, started_on: dt.date) -> Placement:
    """Start practice, once coursework, the safety agreement and insurance for the whole period are in place."""
    placement = _locked(placement)
    _require_stage(placement, Stage.COURSEWORK)
    if placement.coursework_completed_on is None or placement.coursework_completed_on > started_on:
        raise ValidationError(_("Practice cannot start before coursework is complete."))
    if placement.planned_practice_end is None:
        raise ValidationError(_("Plan the practice (dates and project) before starting it."))
    end = placement.planned_practice_end
    check_practice_period(
        placement,
        started_on,
        end,
        length_reason=placement.length_exception_reason,
        beyond_reason=placement.beyond_agreement_reason,
    )
    safety = SafetyAgreement.objects.filter(placement=placement).first()
    if safety is None:
        raise ValidationError(
            _("Practice cannot start without the safety agreement signed by the base, the student and the supervisor.")
        )
    if safety.fully_signed_on > started_on:
        raise ValidationError(
            _("The safety agreement is fully signed only on %(day)s, after the start.")
            % {"day": safety.fully_signed_on}
        )
    agreement = agreement_in_force(placement, started_on)
    gap = insurance_gap(placement, started_on, end, agreement.insurance_party)
    if gap is not None:
        raise ValidationError(
            _(
                "Accident insurance bought by %(party)s must cover the whole practice, %(start)s to %(end)s; "
                "%(day)s is not covered."
            )
            % {"party": Party(agreement.insurance_party).label, "start": started_on, "end": end, "day": gap}
        )
    placement.stage = Stage.PRACTICE
    placement.practice_start = started_on
    placement.practice_end = end
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def practice_finish(*, placement: Placement, ended_on: dt.date, ended_early_for: str = "") -> Placement:
    """End practice: the student returns to Party A for the thesis stage."""
    placement = _locked(placement)
    _require_stage(placement, Stage.PRACTICE)
    if placement.practice_start and ended_on < placement.practice_start:
        raise ValidationError(_("Practice cannot end before it started."))
    if not ended_early_for and placement.practice_end and ended_on < placement.practice_end:
        # Ending before the agreed end is a notice with one month's warning (or illness), never a shortcut.
        raise ValidationError(
            _("Practice is planned to end on %(day)s; to end it earlier, file a notice one month ahead.")
            % {"day": placement.practice_end}
        )
    placement.practice_end = ended_on
    placement.practice_ended_early_for = ended_early_for
    placement.stage = Stage.THESIS
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def thesis_set_topic(*, placement: Placement, topic: str) -> Placement:
    """Record the thesis topic, tied to the practice project."""
    placement = _locked(placement)
    _require_stage(placement, Stage.THESIS)
    if not placement.practice_project:
        raise ValidationError(_("The thesis topic is tied to the practice project; record the project first."))
    if not topic.strip():
        raise ValidationError({"topic": _("Give the thesis topic.")})
    placement.thesis_topic = topic.strip()
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def confidentiality_confirm(
    *, placement: Placement, confirmed_on: dt.date, is_confidential: bool, confirmed_by: User, notes: str = ""
) -> ConfidentialityConfirmation:
    """Party B confirms whether the thesis is confidential; once the proposal is held it is final."""
    placement = _locked(placement)
    if placement.proposal_on is not None:
        raise ValidationError(_("The thesis proposal has been held; the confirmation can no longer change."))
    confirmation, _created = ConfidentialityConfirmation.objects.update_or_create(
        placement=placement,
        defaults={
            "confirmed_on": confirmed_on,
            "is_confidential": is_confidential,
            "confirmed_by": confirmed_by,
            "notes": notes,
        },
    )
    return confirmation


@transaction.atomic
def thesis_record_proposal(*, placement: Placement, proposal_on: dt.date) -> Placement:
    """Record the thesis proposal (开题); Party B's confidentiality confirmation must come first."""
    placement = _locked(placement)
    _require_stage(placement, Stage.THESIS)
    if not placement.thesis_topic:
        raise ValidationError(_("Record the thesis topic first."))
    confirmation = ConfidentialityConfirmation.objects.filter(placement=placement).first()
    if confirmation is None or confirmation.confirmed_on > proposal_on:
        raise ValidationError(
            _("Before the thesis proposal, the base must confirm whether the thesis is confidential.")
        )
    placement.proposal_on = proposal_on
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def thesis_record_defence(*, placement: Placement, defence_on: dt.date, result: DefenceResult) -> Placement:
    """Record the defence and its result."""
    placement = _locked(placement)
    _require_stage(placement, Stage.THESIS)
    if placement.proposal_on is None or defence_on <= placement.proposal_on:
        raise ValidationError(_("The defence comes after the thesis proposal."))
    placement.defence_on = defence_on
    placement.defence_result = result
    placement.full_clean()
    placement.save()
    return placement
