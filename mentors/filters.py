"""Search and filters of the mentor, recommendation and remuneration lists."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import TrainingBase
from agreements.selectors import bases_visible_to
from base_portal.forms import DateInput
from base_portal.widgets import QuickSelect

from .models import Mentor, MentorRecommendation, RemunerationRecord

APPOINTMENT_STATES = [("current", _("Currently appointed")), ("lapsed", _("Not currently appointed"))]


def visible_bases(request: Any) -> QuerySet[TrainingBase]:
    """Filter choices list only the bases the user sees."""
    if request is None:
        return TrainingBase.objects.none()
    # A choice needs only the id and the name (str() of a base); a university has hundreds.
    return bases_visible_to(request.user).order_by("name").only("pk", "name")


class MentorFilter(django_filters.FilterSet):
    """Search by name, title or field; filter by kind, base and appointment."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Mentor.Kind.choices)
    base = django_filters.ModelChoiceFilter(
        label=_("Base"), queryset=visible_bases, empty_label=_("All"), widget=QuickSelect
    )
    appointment = django_filters.ChoiceFilter(
        label=_("Appointment"), choices=APPOINTMENT_STATES, method="by_appointment"
    )

    class Meta:
        model = Mentor
        fields = ["q", "kind", "base", "appointment"]

    def search(self, queryset: QuerySet[Mentor], name: str, value: str) -> QuerySet[Mentor]:
        return queryset.filter(Q(full_name__icontains=value) | Q(title__icontains=value) | Q(field__icontains=value))

    def by_appointment(self, queryset: QuerySet[Mentor], name: str, value: str) -> QuerySet[Mentor]:
        # ``appointed`` is annotated by mentors.selectors.mentors_with_load.
        cooperative = queryset.filter(kind=Mentor.Kind.COOPERATIVE)
        return cooperative.filter(appointed=value == "current")


class RecommendationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MentorRecommendation.Status.choices)
    base = django_filters.ModelChoiceFilter(
        label=_("Base"), queryset=visible_bases, empty_label=_("All"), widget=QuickSelect
    )

    class Meta:
        model = MentorRecommendation
        fields = ["status", "base"]


class RemunerationFilter(django_filters.FilterSet):
    """By base and by period: records whose period overlaps [from, to]."""

    base = django_filters.ModelChoiceFilter(
        label=_("Base"), queryset=visible_bases, empty_label=_("All"), widget=QuickSelect
    )
    period_from = django_filters.DateFilter(
        label=_("Period from"), field_name="period_end", lookup_expr="gte", widget=DateInput()
    )
    period_to = django_filters.DateFilter(
        label=_("Period to"), field_name="period_start", lookup_expr="lte", widget=DateInput()
    )
    paid = django_filters.ChoiceFilter(label=_("Paid"), choices=[("yes", _("Yes")), ("no", _("No"))], method="by_paid")

    class Meta:
        model = RemunerationRecord
        fields = ["base", "period_from", "period_to", "paid"]

    def by_paid(self, queryset: QuerySet[RemunerationRecord], name: str, value: str) -> QuerySet[RemunerationRecord]:
        return queryset.filter(paid_on__isnull=value != "yes")
