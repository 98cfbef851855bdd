"""What every collection's filters share: strict parameters and ``updated_since`` for incremental sync.

Parameters are strict on purpose. A typo'd or empty value must be a 400, never a silently ignored
filter: a sync job that asked for one base and got the whole university would not notice.
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

BIGINT_MAX = 2**63 - 1
SMALLINT_MAX = 32767


class StrictFilterSet(filters.FilterSet):
    """A parameter sent twice, or a typed one sent empty, is an error rather than "no filter"."""

    def is_valid(self) -> bool:
        valid = bool(super().is_valid())
        for name, field in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            if name not in self.data:
                continue
            if len(values) > 1:
                self.form.add_error(name, forms.ValidationError(_("Give this parameter once."), code="repeated"))
                valid = False
            elif values[0] == "" and not isinstance(field, filters.CharFilter):
                self.form.add_error(
                    name, forms.ValidationError(_("This parameter was given without a value."), code="empty")
                )
                valid = False
        return valid


@extend_schema_field({"type": "string", "pattern": "^[^\\x00]*$"})
class TextFilter(filters.CharFilter):
    """An exact text match. NUL characters are refused (400), as every text field refuses them; the
    schema says so with a pattern."""


class WholeNumberField(forms.IntegerField):
    """Digits only: Django's IntegerField would also take "1.0" and " 1 "."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value and not re.fullmatch(r"-?[0-9]+", value):
            raise forms.ValidationError(_("Give a whole number."), code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": BIGINT_MAX})
class IdFilter(filters.NumberFilter):
    """A record's id: a whole number, so a huge or fractional one is a 400, not a database error."""

    field_class = WholeNumberField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": SMALLINT_MAX})
class SmallIntFilter(filters.NumberFilter):
    field_class = WholeNumberField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", SMALLINT_MAX)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` and nothing else."""

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return bool(value == "true")
        raise forms.ValidationError(_("Give true or false."), code="invalid")


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not django-filter's BooleanWidget, which quietly reads "null" or "yes" as "no filter".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class SafeIsoDateTimeField(filters.IsoDateTimeFilter.field_class):
    """An ISO 8601 time, given to the database in UTC.

    ISO 8601 allows offsets up to ±23:59, PostgreSQL only up to ±15:59, and a time near the end of
    year 9999 may not exist in UTC at all; converting here turns both into a 400 or a plain UTC time.
    """

    def to_python(self, value: Any) -> dt.datetime | None:
        result: dt.datetime | None = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(dt.UTC)
        except OverflowError as error:
            raise forms.ValidationError(_("This time is out of range."), code="invalid") from error


class SinceFilter(filters.IsoDateTimeFilter):
    field_class = SafeIsoDateTimeField


class SyncFilterSet(StrictFilterSet):
    """Subclasses add the fields university systems ask about; all of them can sync by change time."""

    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_(
            "Only rows changed at or after this time (ISO 8601 with time zone), "
            "e.g. the sync_time of the previous sync's first page."
        ),
    )
