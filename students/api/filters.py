from django.utils.translation import gettext_lazy as _

from integration.api.filters import IdFilter, SmallIntFilter, SyncFilterSet, TextFilter
from students.models import Placement, PracticeNotice, Student

BASE_LABEL = _("Only the records of the base with this id.")


class StudentFilter(SyncFilterSet):
    student_no = TextFilter(label=_("Only the student with this number."))
    college = TextFilter(field_name="college__code", label=_("Only the students of the college with this code."))
    enrolment_year = SmallIntFilter(label=_("Only the students who enrolled in this year."))

    class Meta:
        model = Student
        fields = ["student_no", "college", "enrolment_year", "degree_level", "degree_type"]


class PlacementFilter(SyncFilterSet):
    base = IdFilter(field_name="base_id", label=BASE_LABEL)
    student_no = TextFilter(field_name="student__student_no", label=_("Only the placements of this student."))

    class Meta:
        model = Placement
        fields = ["base", "student_no", "stage"]


class NoticeFilter(SyncFilterSet):
    base = IdFilter(field_name="placement__base_id", label=BASE_LABEL)
    placement = IdFilter(field_name="placement_id", label=_("Only the notices of this placement."))

    class Meta:
        model = PracticeNotice
        fields = ["base", "placement", "kind", "filed_by"]
