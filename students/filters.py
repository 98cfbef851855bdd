"""Search and filters of the student list."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import College
from base_portal.widgets import QuickSelect
from mentors.filters import visible_bases

from .models import Placement, PositionDemand, Student


class StudentFilter(django_filters.FilterSet):
    """Search by number or name; filter by college, degree level, enrolment year and stage."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    college = django_filters.ModelChoiceFilter(
        label=_("College"), queryset=College.objects.order_by("code"), empty_label=_("All"), widget=QuickSelect
    )
    degree_level = django_filters.ChoiceFilter(label=_("Degree level"), choices=Student.DegreeLevel.choices)
    enrolment_year = django_filters.NumberFilter(label=_("Enrolment year"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Placement.Stage.choices, method="in_stage")
    base = django_filters.ModelChoiceFilter(
        label=_("Base"), queryset=visible_bases, empty_label=_("All"), method="at_base", widget=QuickSelect
    )

    class Meta:
        model = Student
        fields = ["q", "college", "base", "degree_level", "enrolment_year", "stage"]

    def search(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        return queryset.filter(Q(student_no__icontains=value) | Q(full_name__icontains=value))

    def in_stage(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Student]:
        return queryset.filter(Exists(Placement.objects.filter(student=OuterRef("pk"), stage=value)))

    def at_base(self, queryset: QuerySet[Student], name: str, value: object) -> QuerySet[Student]:
        return queryset.filter(Exists(Placement.objects.filter(student=OuterRef("pk"), base=value)))


class DemandFilter(django_filters.FilterSet):
    """Demands by year and base (bases limited to those the user sees)."""

    year = django_filters.NumberFilter(label=_("Year"))
    base = django_filters.ModelChoiceFilter(
        label=_("Base"), queryset=visible_bases, empty_label=_("All"), widget=QuickSelect
    )

    class Meta:
        model = PositionDemand
        fields = ["year", "base"]
