"""The biennial evaluation: scheduled from the agreement, materials from Party B, the grade from Party A."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import Agreement, EvaluationCycle, EvaluationMaterial
from base_portal import rules
from base_portal.choices import FourLevelGrade

State = EvaluationCycle.State


def _locked(cycle: EvaluationCycle) -> EvaluationCycle:
    return EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)


def _require_state(cycle: EvaluationCycle, *allowed: str) -> None:
    if cycle.state not in allowed:
        raise ValidationError(
            _("This evaluation is “%(state)s”; that step is not possible now.") % {"state": cycle.get_state_display()}
        )


@transaction.atomic
def evaluation_schedule(*, agreement: Agreement) -> list[EvaluationCycle]:
    """Create the cycles due every two years while the agreement is in force. Safe to run again."""
    if agreement.effective_from is None or agreement.in_force_until is None:
        return []
    cycles = []
    for sequence, due in enumerate(rules.evaluation_due_dates(agreement.effective_from, agreement.in_force_until), 1):
        cycle, _created = EvaluationCycle.objects.get_or_create(
            agreement=agreement, sequence=sequence, defaults={"base_id": agreement.base_id, "due_on": due}
        )
        cycles.append(cycle)
    return cycles


@transaction.atomic
def evaluation_cancel_from(*, agreement: Agreement, day: dt.date) -> int:
    """Cancel the open cycles due on or after ``day`` (the agreement ended early)."""
    cycles = list(
        EvaluationCycle.objects.select_for_update().filter(
            agreement=agreement, due_on__gte=day, state__in=EvaluationCycle.OPEN_STATES
        )
    )
    for cycle in cycles:
        cycle.state = State.CANCELLED
        cycle.save(update_fields=["state", "updated_at"])  # one row at a time, so history records each
    return len(cycles)


@transaction.atomic
def evaluation_request_materials(*, cycle: EvaluationCycle, note: str, today: dt.date | None = None) -> EvaluationCycle:
    """Party A asks Party B for the evaluation materials."""
    cycle = _locked(cycle)
    _require_state(cycle, State.SCHEDULED)
    cycle.state = State.MATERIALS_REQUESTED
    cycle.materials_requested_on = today or timezone.localdate()
    cycle.materials_note = note.strip()
    cycle.save()
    return cycle


@transaction.atomic
def evaluation_add_material(
    *, cycle: EvaluationCycle, title: str, file: UploadedFile, uploaded_by: User
) -> EvaluationMaterial:
    """Party B adds a file to the evaluation, until the materials are submitted."""
    cycle = _locked(cycle)
    _require_state(cycle, State.SCHEDULED, State.MATERIALS_REQUESTED)
    material = EvaluationMaterial(cycle=cycle, title=title.strip(), file=file, uploaded_by=uploaded_by)
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def evaluation_submit(*, cycle: EvaluationCycle, today: dt.date | None = None) -> EvaluationCycle:
    """Party B declares the materials complete; they can no longer change."""
    cycle = _locked(cycle)
    _require_state(cycle, State.SCHEDULED, State.MATERIALS_REQUESTED)
    if not cycle.materials.exists():
        raise ValidationError(_("Upload at least one file before submitting the materials."))
    cycle.state = State.SUBMITTED
    cycle.submitted_on = today or timezone.localdate()
    cycle.save()
    return cycle


@transaction.atomic
def evaluation_record_result(
    *,
    cycle: EvaluationCycle,
    grade: FourLevelGrade,
    conclusion: str,
    evaluated_by: User,
    evaluated_on: dt.date | None = None,
) -> EvaluationCycle:
    """Party A records the grade and its conclusion; the cycle is then closed."""
    cycle = _locked(cycle)
    _require_state(cycle, State.SUBMITTED)
    if not conclusion.strip():
        raise ValidationError(_("Write the conclusion of the evaluation."))
    cycle.state = State.EVALUATED
    cycle.grade = grade
    cycle.conclusion = conclusion.strip()
    cycle.evaluated_by = evaluated_by
    cycle.evaluated_on = evaluated_on or timezone.localdate()
    cycle.full_clean()
    cycle.save()
    return cycle
