"""Excel exports: streamed, and safe to open.

A text cell that begins with = + - @ (or a tab or carriage return) would run as a formula in
Excel or WPS, so such text gets a leading apostrophe and is shown as the text it is.
Numbers, dates and Decimals are written as values; times are written in local time.

Every list page answers ``?export=xlsx`` (with its filters) with all its filtered rows:
``wants_export`` tells the view, ``list_export`` builds the workbook, and the template
``includes/export_link.html`` links to it.
"""

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_value(value: Any) -> Any:
    """A value as it should land in a cell: text that could start a formula is kept as text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # Excel has no time zones: an aware time is written as the local wall-clock time.
        return timezone.make_naive(value)
    if isinstance(value, Decimal | int | float | dt.date | dt.datetime):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def xlsx_write(handle: IO[bytes], sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write one sheet, bold headers first, with openpyxl's write-only mode (memory stays flat)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([safe_value(value) for value in row])
    workbook.save(handle)


def xlsx_response(
    filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """Write the rows to a temporary file and stream it back."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    xlsx_write(handle, sheet_title, headers, rows)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


EXPORT_PARAMETER = "export"
EXPORT_FORMAT = "xlsx"
# Rows fetched from the database at a time while a list is written out.
EXPORT_CHUNK_SIZE = 2000
# Characters that may not appear in a file name (Windows, macOS, Linux) or a sheet's title (Excel).
UNSAFE_IN_NAMES = str.maketrans(dict.fromkeys('\\/:*?"<>|[]', "_"))


def wants_export(request: HttpRequest) -> bool:
    """The list page was asked for its Excel export (``?export=xlsx``) rather than the page."""
    return request.method in ("GET", "HEAD") and request.GET.get(EXPORT_PARAMETER) == EXPORT_FORMAT


def export_filename(title: str, day: dt.date | None = None) -> str:
    """``<title>-<YYYY-MM-DD>.xlsx``, e.g. 基地列表-2026-11-30.xlsx; the date is today's by default."""
    day = day or timezone.localdate()
    return f"{str(title).translate(UNSAFE_IN_NAMES)}-{day:%Y-%m-%d}.{EXPORT_FORMAT}"


def list_export(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> FileResponse:
    """A list page's export: one sheet named after the list, in a file named after it and today.

    ``rows`` should come from a queryset's ``.iterator(chunk_size=EXPORT_CHUNK_SIZE)`` with its
    relations already selected, so that the export runs the same few queries however long the list.
    """
    return xlsx_response(export_filename(title), str(title).translate(UNSAFE_IN_NAMES), headers, rows)
