"""Search and filters of the student list."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import College

from .models import Placement, Student


class StudentFilter(django_filters.FilterSet):
    """Search by number or name; filter by college, degree level, enrolment year and stage."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    college = django_filters.ModelChoiceFilter(
        label=_("College"), queryset=College.objects.order_by("code"), empty_label=_("All")
    )
    degree_level = django_filters.ChoiceFilter(label=_("Degree level"), choices=Student.DegreeLevel.choices)
    enrolment_year = django_filters.NumberFilter(label=_("Enrolment year"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Placement.Stage.choices, method="in_stage")

    class Meta:
        model = Student
        fields = ["q", "college", "degree_level", "enrolment_year", "stage"]

    def search(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        return queryset.filter(Q(student_no__icontains=value) | Q(full_name__icontains=value))

    def in_stage(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        return queryset.filter(Exists(Placement.objects.filter(student=OuterRef("pk"), stage=value)))
