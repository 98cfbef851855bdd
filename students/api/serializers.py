from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import College
from mentors.models import Mentor
from students.importing import FIRST_ENROLMENT_YEAR, last_enrolment_year
from students.models import Placement, PracticeNotice, Student

# Student numbers travel in addresses (/api/v1/students/<student_no>/), so they are kept to
# letters, digits and hyphens.
STUDENT_NO_PATTERN = r"^[0-9A-Za-z-]{1,20}$"
BULK_MAX_ROWS = 500
# Text may not contain NUL characters, which PostgreSQL cannot store; stated as a pattern so the
# schema says so too. Surrounding spaces are trimmed when the student is saved.
NO_NUL = RegexValidator(r"^[^\x00]*$", message=_("Text cannot contain NUL characters."))


class StudentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A student record, with the college's code and the supervisor's staff number."""

    college_code = serializers.CharField(source="college.code", read_only=True, help_text=_("The college's code."))
    supervisor_staff_no = serializers.CharField(
        source="supervisor.staff_no",
        read_only=True,
        allow_null=True,
        help_text=_("The on-campus supervisor's staff number, or null."),
    )

    class Meta:
        model = Student
        fields = [
            "id",
            "student_no",
            "full_name",
            "college_code",
            "major",
            "degree_level",
            "degree_type",
            "study_mode",
            "employment_type",
            "enrolment_year",
            "supervisor_staff_no",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"id": {"help_text": _("The student's id; placements refer to it as student.")}}


class StudentWriteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A student as the graduate management system sends it; the number comes from the address."""

    full_name = serializers.CharField(
        max_length=100, trim_whitespace=False, validators=[NO_NUL], help_text=_("The student's full name.")
    )
    college = serializers.CharField(
        max_length=20, trim_whitespace=False, validators=[NO_NUL], help_text=_("The code of the student's college.")
    )
    major = serializers.CharField(
        max_length=100, trim_whitespace=False, validators=[NO_NUL], help_text=_("The major (专业).")
    )
    degree_level = serializers.ChoiceField(choices=Student.DegreeLevel.choices, help_text=_("Master's or doctoral."))
    degree_type = serializers.ChoiceField(
        choices=Student.DegreeType.choices, help_text=_("Professional or academic degree.")
    )
    study_mode = serializers.ChoiceField(choices=Student.StudyMode.choices, help_text=_("Full-time or part-time."))
    employment_type = serializers.ChoiceField(
        choices=Student.EmploymentType.choices, help_text=_("Non-directed or directed (定向).")
    )
    enrolment_year = serializers.IntegerField(
        min_value=FIRST_ENROLMENT_YEAR,
        max_value=9999,
        help_text=_("The year the student enrolled; a year after next is refused with 422."),
    )
    supervisor_staff_no = serializers.CharField(
        max_length=20,
        validators=[NO_NUL],
        allow_null=True,
        allow_blank=True,
        required=False,
        default=None,
        help_text=_("The on-campus supervisor's staff number; null, empty or absent for none."),
    )


def resolve_student_fields(validated: dict[str, Any]) -> dict[str, Any]:
    """A student's validated API data with the college and supervisor looked up and the year checked.

    What only the portal's records can tell (an unknown code, a year in the future) is a
    Django ValidationError, which the API answers with 422 rather than 400.
    """
    data = dict(validated)
    problems: dict[str, ValidationError] = {}
    for name in ("full_name", "major", "college"):
        data[name] = data[name].strip()
        if not data[name]:
            problems[name] = ValidationError(_("This field cannot be blank."), code="blank")
    college = College.objects.filter(code=data["college"]).first()
    if college is None:
        problems["college"] = ValidationError(
            _("No college has the code %(code)s.") % {"code": data["college"]}, code="does_not_exist"
        )
    data["college"] = college
    staff_no = data.pop("supervisor_staff_no") or None
    data["supervisor"] = None
    if staff_no is not None:
        data["supervisor"] = Mentor.objects.filter(kind=Mentor.Kind.SUPERVISOR, staff_no=staff_no).first()
        if data["supervisor"] is None:
            problems["supervisor_staff_no"] = ValidationError(
                _("No on-campus supervisor has the staff number %(no)s.") % {"no": staff_no},
                code="does_not_exist",
            )
    last = last_enrolment_year(timezone.localdate())
    if data["enrolment_year"] > last:
        problems["enrolment_year"] = ValidationError(
            _("The enrolment year cannot be later than %(last)s.") % {"last": last}, code="max_value"
        )
    if problems:
        raise ValidationError(problems)
    return data


class StudentBulkItemSerializer(StudentWriteSerializer):
    """One student of a batch: the same fields, with the student number."""

    student_no = serializers.RegexField(
        STUDENT_NO_PATTERN, help_text=_("The student number: letters, digits and hyphens, at most 20.")
    )


class StudentBulkSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Up to 500 students, created or updated in one transaction: one bad row and nothing is written."""

    students = serializers.ListField(
        child=StudentBulkItemSerializer(),
        min_length=1,
        max_length=BULK_MAX_ROWS,
        help_text=_("The students to create or update."),
    )


class StudentBulkResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    created = serializers.IntegerField(help_text=_("Students created."))
    updated = serializers.IntegerField(help_text=_("Students whose record changed."))
    unchanged = serializers.IntegerField(help_text=_("Students sent exactly as the portal already had them."))


class PlacementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A student's joint training at a base, through its three stages."""

    student_no = serializers.CharField(source="student.student_no", read_only=True, help_text=_("The student number."))

    class Meta:
        model = Placement
        fields = [
            "id",
            "student",
            "student_no",
            "base",
            "cooperative_mentor",
            "stage",
            "credits_required",
            "credits_earned",
            "coursework_completed_on",
            "practice_project",
            "planned_practice_start",
            "planned_practice_end",
            "practice_start",
            "practice_end",
            "practice_ended_early_for",
            "thesis_topic",
            "proposal_on",
            "defence_on",
            "defence_result",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The placement's id; assessments, payments and notices refer to it.")},
            "student": {"help_text": _("The student's id.")},
            "base": {"help_text": _("The base's id.")},
            "cooperative_mentor": {"help_text": _("The cooperative mentor's id, or null.")},
            "stage": {"help_text": _("The stage the student is in now.")},
        }


class NoticeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A notice ending practice early or late, given a month ahead, or the illness exception."""

    class Meta:
        model = PracticeNotice
        fields = [
            "id",
            "placement",
            "kind",
            "filed_by",
            "notice_date",
            "previous_end",
            "new_end",
            "reason",
            "acknowledged_on",
            "applied_on",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The notice's id.")},
            "placement": {"help_text": _("The placement's id.")},
            "filed_by": {"help_text": _("The party that gave notice: A (the university) or B (the enterprise).")},
        }
