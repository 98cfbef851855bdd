from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assessments.models import AllowancePayment, MonthlyAssessment
from integration.api.filters import IdFilter, StrictBooleanFilter, SyncFilterSet

BASE_LABEL = _("Only the records of the base with this id.")


class MonthFilterSet(SyncFilterSet):
    base = IdFilter(field_name="base_id", label=BASE_LABEL)
    placement = IdFilter(field_name="placement_id", label=_("Only the records of this placement."))
    month = filters.DateFilter(label=_("Only this month, as its first day."))
    month_from = filters.DateFilter(field_name="month", lookup_expr="gte", label=_("Only months from this one on."))
    month_to = filters.DateFilter(field_name="month", lookup_expr="lte", label=_("Only months up to this one."))


class AssessmentFilter(MonthFilterSet):
    class Meta:
        model = MonthlyAssessment
        fields = ["base", "placement", "month", "state"]


class PaymentFilter(MonthFilterSet):
    paid = StrictBooleanFilter(
        field_name="paid_on",
        lookup_expr="isnull",
        exclude=True,
        label=_("true: only paid allowances; false: only unpaid ones."),
    )

    class Meta:
        model = AllowancePayment
        fields = ["base", "placement", "month"]
