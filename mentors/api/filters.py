from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from integration.api.filters import IdFilter, SyncFilterSet, TextFilter
from mentors.models import Appointment, Mentor

BASE_LABEL = _("Only the records of the base with this id.")


class MentorFilter(SyncFilterSet):
    base = IdFilter(field_name="base_id", label=BASE_LABEL)
    staff_no = TextFilter(label=_("Only the supervisor with this staff number."))

    class Meta:
        model = Mentor
        fields = ["kind", "base", "staff_no"]


class AppointmentFilter(SyncFilterSet):
    base = IdFilter(field_name="base_id", label=BASE_LABEL)
    mentor = IdFilter(field_name="mentor_id", label=_("Only the appointments of this mentor."))
    current_on = filters.DateFilter(
        method="filter_current_on", label=_("Only appointments whose term covers this day.")
    )

    class Meta:
        model = Appointment
        fields = ["base", "mentor"]

    def filter_current_on(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(Q(starts_on__lte=value) & Q(ends_on__gte=value))
