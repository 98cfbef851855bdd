from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from agreements.models import Agreement, EvaluationCycle, TrainingBase
from integration.api.filters import IdFilter, SyncFilterSet, TextFilter


class BaseFilter(SyncFilterSet):
    enterprise_credit_code = TextFilter(
        field_name="enterprise__credit_code", label=_("Only the bases of the enterprise with this credit code.")
    )

    class Meta:
        model = TrainingBase
        fields = ["status"]


BASE_LABEL = _("Only the records of the base with this id.")


class AgreementFilter(SyncFilterSet):
    base = IdFilter(field_name="base_id", label=BASE_LABEL)
    in_force_on = filters.DateFilter(method="filter_in_force_on", label=_("Only agreements in force on this day."))

    class Meta:
        model = Agreement
        fields = ["base"]

    def filter_in_force_on(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.in_force_on(value)


class EvaluationFilter(SyncFilterSet):
    base = IdFilter(field_name="base_id", label=BASE_LABEL)
    due_before = filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("Only evaluations due by this day.")
    )

    class Meta:
        model = EvaluationCycle
        fields = ["base", "state"]
