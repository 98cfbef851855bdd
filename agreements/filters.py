"""Search and filters of the base list."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import TrainingBase


class BaseFilter(django_filters.FilterSet):
    """Free-text search over base and enterprise names, and the base status."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TrainingBase.Status.choices)

    class Meta:
        model = TrainingBase
        fields = ["q", "status"]

    def search(self, queryset: QuerySet[TrainingBase], name: str, value: str) -> QuerySet[TrainingBase]:
        return queryset.filter(Q(name__icontains=value) | Q(enterprise__name__icontains=value))
