"""The shape of every collection: scoped by a selector, filtered, cursor-paginated in change order."""

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request

from .pagination import SyncCursorPagination


class SyncedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only collection. ``selector(user)`` decides the rows: the same one the pages use,
    so a token sees exactly what its account sees, and a row outside it is a 404."""

    pagination_class = SyncCursorPagination
    selector: ClassVar[Callable[[Any], QuerySet[Any]]]
    related: ClassVar[tuple[str, ...]] = ()
    sync_field: ClassVar[str] = "updated_at"  # the change time that orders, pages and filters the rows

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Refuse query parameters the operation does not know: a misspelt filter is a 400, never
        a silently unfiltered download of the whole collection."""
        super().initial(request, *args, **kwargs)
        if self.action is None:  # a method the route does not offer: DRF answers 405
            return
        known = {"format"}
        if self.action == "list":
            known |= {"cursor", "page_size", *self.filterset_class.base_filters}
        if unknown := sorted(set(request.query_params) - known):
            raise ValidationError(
                {name: [ErrorDetail(str(_("This parameter is not known here.")), code="unknown")] for name in unknown}
            )

    def get_queryset(self) -> QuerySet[Any]:
        queryset = type(self).selector(self.request.user)
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.order_by(self.sync_field, "id")
