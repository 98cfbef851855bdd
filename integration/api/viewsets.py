"""The shape of every collection: scoped by a selector, filtered, cursor-paginated in change order."""

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import fields as drf_fields
from rest_framework import viewsets
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.relations import PKOnlyObject, RelatedField
from rest_framework.request import Request
from rest_framework.response import Response

from .pagination import SyncCursorPagination


class SyncedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only collection. ``selector(user)`` decides the rows: the same one the pages use,
    so a token sees exactly what its account sees, and a row outside it is a 404."""

    pagination_class = SyncCursorPagination
    selector: ClassVar[Callable[[Any], QuerySet[Any]]]
    related: ClassVar[tuple[str, ...]] = ()
    sync_field: ClassVar[str] = "updated_at"  # the change time that orders, pages and filters the rows
    # Lists read their rows with .values() and let each serializer field format its value: the same
    # output without building model instances. Serializers with a field that cannot be read so (see
    # ``_flat_fields``) are listed the usual way.
    flat_list: ClassVar[bool] = True

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

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = _flat_fields(self.get_serializer()) if self.flat_list else None
        if fields is None:
            return super().list(request, *args, **kwargs)
        lookups = {name: lookup for name, (lookup, _field) in fields.items()}
        queryset = self.filter_queryset(self.get_queryset()).values(*{"pk", self.sync_field, *lookups.values()})
        rows = self.paginate_queryset(queryset)
        assert rows is not None  # noqa: S101 - every synced collection is paginated
        return self.get_paginated_response([_flat_row(row, fields) for row in rows])


_PLAIN = (
    drf_fields.CharField,
    drf_fields.IntegerField,
    drf_fields.BooleanField,
    drf_fields.DateTimeField,
    drf_fields.DateField,
    drf_fields.DecimalField,
    drf_fields.ChoiceField,
    drf_fields.ReadOnlyField,
)


def _flat_fields(serializer: Any) -> dict[str, tuple[str, Any]] | None:
    """Each output field's ``.values()`` lookup and the field that formats it; None if one cannot be.

    A field outside the plain kinds, or a dotted source that may be null without ``allow_null``
    (the serializer would then leave the key out), would change the output.
    """
    fields: dict[str, tuple[str, Any]] = {}
    model = serializer.Meta.model
    for field in serializer._readable_fields:
        plain = isinstance(field, _PLAIN) or (isinstance(field, RelatedField) and field.use_pk_only_optimization())
        path = _column_path(model, field.source)
        if not plain or path is None or (len(path) > 1 and any(f.null for f in path[:-1]) and not field.allow_null):
            return None
        fields[field.field_name] = (field.source.replace(".", "__"), field)
    return fields


def _column_path(model: Any, source: str) -> list[Any] | None:
    """The model fields a dotted source walks, if it walks to-one relations to a column; else None."""
    path = []
    for i, name in enumerate(source.split(".")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None  # a property or a method: only an instance has it
        last = i == len(source.split(".")) - 1
        if not field.concrete or (not last and not (field.many_to_one or field.one_to_one)):
            return None
        path.append(field)
        model = field.related_model
    return path


def _flat_row(row: dict[str, Any], fields: dict[str, tuple[str, Any]]) -> dict[str, Any]:
    """One output row, as the serializer would give it: a null stays null, as DRF leaves it."""
    out = {}
    for name, (lookup, field) in fields.items():
        value = row[lookup]
        out[name] = None if value is None else _format(field, value)
    return out


def _format(field: Any, value: Any) -> Any:
    if isinstance(field, RelatedField):
        return field.to_representation(PKOnlyObject(pk=value))
    return field.to_representation(value)
