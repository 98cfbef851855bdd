"""State changes of students and placements."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import College, User
from agreements.models import TrainingBase
from mentors.models import Mentor

from .models import Placement, Student


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
) -> Placement:
    """Place a student at a base; a cooperative mentor must belong to that base."""
    if cooperative_mentor is not None and cooperative_mentor.base_id != base.pk:
        raise ValidationError(_("The cooperative mentor must belong to the same base."))
    placement = Placement(
        student=student,
        base=base,
        cooperative_mentor=cooperative_mentor,
        stage=stage,
        practice_project=practice_project,
        practice_start=practice_start,
        practice_end=practice_end,
    )
    placement.full_clean()
    placement.save()
    return placement
