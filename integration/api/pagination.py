"""Keyset pagination in change order, which full and incremental sync both rely on.

DRF's CursorPagination keeps only the first ordering field in its cursor, plus an offset among
rows that share it. When many rows share one ``updated_at`` (a bulk load) and one of the rows
already read changes while a client pages, the offset then skips a row it never read. This cursor
carries the whole key, ``(updated_at, id)``, so the next page starts strictly after the last row
read, whatever changed meanwhile; a row changed during paging simply comes again at the end.
"""

import base64
import binascii
import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
FORWARD, BACKWARD = "n", "p"


def sync_time() -> dt.datetime:
    """The ``updated_since`` a client should send next time.

    It lies ``API_SYNC_OVERLAP_SECONDS`` before now, because a row saved by a transaction that
    is still running carries an earlier time than its commit; re-reading a few rows is harmless,
    missing one is not.
    """
    return timezone.now() - dt.timedelta(seconds=settings.API_SYNC_OVERLAP_SECONDS)


def encode_cursor(direction: str, moment: dt.datetime, pk: int) -> str:
    raw = f"{direction}|{moment.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, dt.datetime, int]:
    """The direction and key a cursor holds; anything else is a 404, as DRF answers a bad cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        direction, moment_text, pk_text = raw.split("|")
        moment = parse_datetime(moment_text)
        pk = int(pk_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None or direction not in (FORWARD, BACKWARD) or pk < 0:
        raise NotFound(_("Invalid cursor."))
    return direction, moment, pk


def _position(row: Any, field: str) -> tuple[dt.datetime, int]:
    """A row's place in the sync order: a model instance's, or a ``.values()`` row's."""
    if isinstance(row, dict):
        return row[field], row["pk"]
    return getattr(row, field), row.pk


class SyncCursorPagination(BasePagination):
    """Rows in the order they last changed, then by id, ``page_size`` at a time."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    field = "updated_at"

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        for name in (self.cursor_query_param, self.page_size_query_param):
            if len(request.query_params.getlist(name)) > 1:
                raise ValidationError({name: [_("Give this parameter once.")]}, code="repeated")
        self.request = request
        self.field = getattr(view, "sync_field", "updated_at")
        size = self.get_page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        direction, after = FORWARD, None
        if cursor is not None:
            direction, moment, pk = decode_cursor(cursor)
            after = (moment, pk)
        forward = direction == FORWARD
        if after is not None:
            moment, pk = after
            if forward:
                queryset = queryset.filter(Q(**{f"{self.field}__gt": moment}) | Q(**{self.field: moment, "id__gt": pk}))
            else:
                queryset = queryset.filter(Q(**{f"{self.field}__lt": moment}) | Q(**{self.field: moment, "id__lt": pk}))
        order = (self.field, "id") if forward else (f"-{self.field}", "-id")
        rows = list(queryset.order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        # Forward: a next page if more rows follow; a previous page if we started after a cursor.
        # Backward: the mirror image.
        self.has_next = more if forward else after is not None
        self.has_previous = after is not None if forward else more
        self.rows = rows
        return rows

    def get_page_size(self, request: Request) -> int:
        """The page size asked for; outside 1 to the maximum, or not plain digits, is a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            message = _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def _link(self, direction: str, row: Any) -> str:
        url = self.request.build_absolute_uri()
        link: str = replace_query_param(
            url, self.cursor_query_param, encode_cursor(direction, *_position(row, self.field))
        )
        return link

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.rows:
            return None
        return self._link(FORWARD, self.rows[-1])

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.rows:
            return None
        return self._link(BACKWARD, self.rows[0])

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "sync_time": sync_time().isoformat(),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(_("The cursor from the next or previous link of the page before.")),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Rows per page: 100 unless given, at most 1000.")),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["sync_time", "next", "previous", "results"],
            "properties": {
                "sync_time": {
                    "type": "string",
                    "format": "date-time",
                    "description": str(
                        _("Send this back as updated_since on the next incremental sync (take it from the first page).")
                    ),
                },
                "next": {**link, "description": str(_("The address of the next page, or null on the last page."))},
                "previous": {**link, "description": str(_("The address of the page before, or null on the first."))},
                "results": {**schema, "description": str(_("This page's rows, the least recently changed first."))},
            },
        }

    def to_html(self) -> str:
        return ""
