"""State changes of student records and placements."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

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
