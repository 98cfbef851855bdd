"""Search and filters of the mentor list."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Mentor


class MentorFilter(django_filters.FilterSet):
    """Search by name, title or field; filter by kind."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Mentor.Kind.choices)

    class Meta:
        model = Mentor
        fields = ["q", "kind"]

    def search(self, queryset: QuerySet[Mentor], name: str, value: str) -> QuerySet[Mentor]:
        return queryset.filter(Q(full_name__icontains=value) | Q(title__icontains=value) | Q(field__icontains=value))
