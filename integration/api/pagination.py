"""Cursor pagination in change order, which full and incremental sync both rely on."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def sync_time() -> dt.datetime:
    """The ``updated_since`` a client should send next time.

    It lies ``API_SYNC_OVERLAP_SECONDS`` before now, because a row saved by a transaction that
    is still running carries an earlier time than its commit; re-reading a few rows is harmless,
    missing one is not.
    """
    return timezone.now() - dt.timedelta(seconds=settings.API_SYNC_OVERLAP_SECONDS)


class SyncCursorPagination(CursorPagination):
    """Rows in the order they last changed (then by id); a row changed while paging comes again at the end."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("updated_at", "id")
    page_size_query_description = _("Rows per page: 100 unless given, at most 1000.")
    cursor_query_description = _("The cursor from the next or previous link of the page before.")

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        for name in (self.cursor_query_param, self.page_size_query_param):
            if len(request.query_params.getlist(name)) > 1:
                raise ValidationError({name: [_("Give this parameter once.")]}, code="repeated")
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request: Any) -> int:
        """The page size asked for; outside 1 to the maximum, or not a number, is a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return getattr(view, "sync_ordering", self.ordering)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "sync_time": sync_time().isoformat(),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        base: dict[str, Any] = super().get_paginated_response_schema(schema)
        base["required"] = ["sync_time", "next", "previous", "results"]
        base["properties"] = {
            "sync_time": {
                "type": "string",
                "format": "date-time",
                "description": str(
                    _("Send this back as updated_since on the next incremental sync (take it from the first page).")
                ),
            },
            **base["properties"],
        }
        base["properties"]["next"]["description"] = str(_("The address of the next page, or null on the last page."))
        base["properties"]["results"]["description"] = str(_("This page's rows, the least recently changed first."))
        base["properties"]["previous"]["description"] = str(_("The address of the page before, or null on the first."))
        return base
