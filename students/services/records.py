"""State changes of student records and placements."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import College, User
from agreements.models import TrainingBase
from mentors.models import Mentor
from mentors.services import mentor_require_current_appointment
from students.models import Placement, PositionDemand, Student


@transaction.atomic
def student_create(
    *,
    student_no: str,
    full_name: str,
    college: College,
    major: str,
    degree_level: Student.DegreeLevel,
    degree_type: Student.DegreeType,
    study_mode: Student.StudyMode,
    employment_type: Student.EmploymentType,
    enrolment_year: int,
    supervisor: Mentor | None = None,
    user: User | None = None,
) -> Student:
    """Record a graduate student."""
    student = Student(
        student_no=student_no,
        full_name=full_name,
        college=college,
        major=major,
        degree_level=degree_level,
        degree_type=degree_type,
        study_mode=study_mode,
        employment_type=employment_type,
        enrolment_year=enrolment_year,
        supervisor=supervisor,
        user=user,
    )
    student.full_clean()
    student.save()
    return student


class UpsertOutcome(models.TextChoices):
    """What an upsert did to the record it was given."""

    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")


def _set_changed_fields(student: Student, fields: dict[str, Any]) -> bool:
    """Set the fields whose value differs; say whether any did."""
    changed = False
    for name, value in fields.items():
        field = Student._meta.get_field(name)
        attname = getattr(field, "attname", name)
        new = value.pk if isinstance(value, models.Model) else value
        if getattr(student, attname) != new:
            setattr(student, name, value)
            changed = True
    return changed


def student_update(*, student: Student, changed_by: User | None, **fields: Any) -> bool:
    """Bring a student record up to date; an unchanged record is not saved, so it keeps its time.

    Returns whether anything changed. Nothing is written, not even a savepoint, when nothing did.
    """
    if not _set_changed_fields(student, fields):
        return False
    with transaction.atomic():
        student._history_user = changed_by  # type: ignore[attr-defined]
        student.full_clean()
        student.save()
    return True


@transaction.atomic
def student_upsert(*, student_no: str, changed_by: User | None, **fields: Any) -> tuple[Student, UpsertOutcome]:
    """Create the student with this number, or update it: sending the same data twice changes nothing."""
    existing = Student.objects.select_for_update().filter(student_no=student_no).first()
    if existing is None:
        try:
            with transaction.atomic():
                return student_create(student_no=student_no, **fields), UpsertOutcome.CREATED
        except IntegrityError:
            # Another request created it between our look-up and our insert: update that one.
            existing = Student.objects.select_for_update().get(student_no=student_no)
    changed = student_update(student=existing, changed_by=changed_by, **fields)
    return existing, UpsertOutcome.UPDATED if changed else UpsertOutcome.UNCHANGED


@transaction.atomic
def placement_create(
    *,
    student: Student,
    base: TrainingBase,
    cooperative_mentor: Mentor | None = None,
    stage: Placement.Stage = Placement.Stage.COURSEWORK,
    practice_project: str = "",
    practice_start: dt.date | None = None,
    practice_end: dt.date | None = None,
    demand: PositionDemand | None = None,
    today: dt.date | None = None,
) -> Placement:
    """Place a student at a base; a cooperative mentor must be appointed at that base today."""
    if cooperative_mentor is not None:
        mentor_require_current_appointment(mentor=cooperative_mentor, base=base, day=today or timezone.localdate())
    placement = Placement(
        student=student,
        base=base,
        cooperative_mentor=cooperative_mentor,
        demand=demand,
        stage=stage,
        practice_project=practice_project,
        practice_start=practice_start,
        practice_end=practice_end,
    )
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def placement_assign_mentor(*, placement: Placement, mentor: Mentor, today: dt.date | None = None) -> Placement:
    """Give a placed student their cooperative mentor; the mentor must hold a current appointment at the base."""
    placement = Placement.objects.select_for_update().select_related("base").get(pk=placement.pk)
    mentor_require_current_appointment(mentor=mentor, base=placement.base, day=today or timezone.localdate())
    placement.cooperative_mentor = mentor
    placement.full_clean()
    placement.save()
    return placement
