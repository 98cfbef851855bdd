"""Search and filters of the base and evaluation lists."""

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from .models import Agreement, EvaluationCycle, TrainingBase
from .selectors import bases_visible_to

EXPIRY_WINDOWS = [(30, _("30 days")), (90, _("90 days")), (180, _("180 days"))]
EVALUATION_DUE_WINDOW_DAYS = 90
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def compliance_levels() -> list[tuple[str, Any]]:
    """The compliance levels, the worst first, named as the compliance pages name them."""
    from oversight.compliance import Level

    return [(level, Level.LABELS[level]) for level in reversed(Level.ORDER)]


def visible_enterprises(request: Any) -> QuerySet[Organisation]:
    """Only the enterprises of bases the user sees: a filter's choices must not leak others."""
    if request is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.ENTERPRISE, bases__in=bases_visible_to(request.user).values("pk")
        )
        .distinct()
        .order_by("name")
    )


class BaseFilter(django_filters.FilterSet):
    """Search, status, enterprise, agreements expiring soon, and evaluations due."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TrainingBase.Status.choices)
    enterprise = django_filters.ModelChoiceFilter(
        label=_("Enterprise"), queryset=visible_enterprises, empty_label=_("All")
    )
    expiring_within = django_filters.ChoiceFilter(
        label=_("Agreement ends within"), choices=EXPIRY_WINDOWS, method="expiring"
    )
    evaluation_due = django_filters.ChoiceFilter(
        label=_("Evaluation due within 90 days or overdue"), choices=YES_NO, method="evaluation_is_due"
    )
    compliance = django_filters.ChoiceFilter(
        label=_("Compliance with the agreement"), choices=compliance_levels, method="by_compliance"
    )

    class Meta:
        model = TrainingBase
        fields = ["q", "status", "enterprise", "expiring_within", "evaluation_due", "compliance"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("agreements.view_agreement"):
            del self.filters["compliance"]  # only those who may open a base's compliance page filter by it

    def search(self, queryset: QuerySet[TrainingBase], name: str, value: str) -> QuerySet[TrainingBase]:
        return queryset.filter(Q(name__icontains=value) | Q(enterprise__name__icontains=value))

    def expiring(self, queryset: QuerySet[TrainingBase], name: str, value: str) -> QuerySet[TrainingBase]:
        ending = Agreement.objects.filter(base=OuterRef("pk")).ending_within(timezone.localdate(), int(value))
        return queryset.filter(Exists(ending))

    def evaluation_is_due(self, queryset: QuerySet[TrainingBase], name: str, value: str) -> QuerySet[TrainingBase]:
        horizon = timezone.localdate() + dt.timedelta(days=EVALUATION_DUE_WINDOW_DAYS)
        due = EvaluationCycle.objects.filter(
            base=OuterRef("pk"), state__in=EvaluationCycle.OPEN_STATES, due_on__lte=horizon
        )
        return queryset.filter(Exists(due)) if value == "yes" else queryset.exclude(Exists(due))

    def by_compliance(self, queryset: QuerySet[TrainingBase], name: str, value: str) -> QuerySet[TrainingBase]:
        """Bases whose worst finding today is at ``value`` (findings from the day's cache)."""
        from oversight.cache import cached_counts
        from oversight.compliance import level_of

        counts = cached_counts(queryset.values_list("pk", flat=True), timezone.localdate())
        return queryset.filter(pk__in=[pk for pk, (red, amber) in counts.items() if level_of(red, amber) == value])


class EvaluationFilter(django_filters.FilterSet):
    """Evaluations by state, overdue, and base name."""

    q = django_filters.CharFilter(label=_("Base"), field_name="base__name", lookup_expr="icontains")
    state = django_filters.ChoiceFilter(label=_("State"), choices=EvaluationCycle.State.choices)
    overdue = django_filters.ChoiceFilter(label=_("Overdue"), choices=YES_NO, method="is_overdue")

    class Meta:
        model = EvaluationCycle
        fields = ["q", "state", "overdue"]

    def is_overdue(self, queryset: QuerySet[EvaluationCycle], name: str, value: str) -> QuerySet[EvaluationCycle]:
        late = Q(state__in=EvaluationCycle.OPEN_STATES, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)
