from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view

from integration.models import Tombstone
from integration.selectors import tombstones_visible_to
from integration.tombstones import RESOURCES

from .filters import SinceFilter, StrictFilterSet
from .serializers import TombstoneSerializer
from .viewsets import SyncedViewSet


class TombstoneFilter(StrictFilterSet):
    resource = filters.ChoiceFilter(
        choices=[(name, name) for name in RESOURCES], label=_("Only deletions from this collection.")
    )
    updated_since = SinceFilter(
        field_name="deleted_at", lookup_expr="gte", label=_("Only records deleted at or after this time.")
    )

    class Meta:
        model = Tombstone
        fields = ["resource"]


@extend_schema_view(
    list=extend_schema(summary=_("Deleted records"), description=_("Records deleted from the synced collections.")),
    retrieve=extend_schema(summary=_("A deleted record")),
)
class TombstoneViewSet(SyncedViewSet):
    """Deletions, in the order they happened: apply them after syncing the collections themselves."""

    selector = tombstones_visible_to
    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilter
    sync_field = "deleted_at"
