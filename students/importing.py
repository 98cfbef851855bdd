"""Student lists from Excel: every row is checked first, then all are written in one transaction, or none.

The file's first row holds the Chinese column headers below (the file format, so not translated).
Rows are matched by student number: a new number adds a student, a known one updates what differs,
and a row that matches the database is left alone, so importing the same file twice changes nothing.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.models import College, User
from base_portal.exports import FORMULA_PREFIXES
from mentors.models import Mentor

from .models import Student
from .services import student_create, student_update

MAX_DATA_ROWS = 50_000
FIRST_ENROLMENT_YEAR = 1990


def last_enrolment_year(today: dt.date) -> int:
    """The latest enrolment year a student record may give: next year (admissions run ahead)."""
    return today.year + 1


# Told (rows done, rows in all) as an import goes; the background job shows it as a progress bar.
Progress = Callable[[int, int], None]

# Existing students are locked and read in chunks: SQLite refuses very long IN (...) lists.
LOOKUP_CHUNK = 2000

STUDENT_NO = "学号"
FULL_NAME = "姓名"
COLLEGE_CODE = "学院代码"
MAJOR = "专业"
DEGREE_LEVEL = "学位层次"
DEGREE_TYPE = "学位类型"
STUDY_MODE = "学习方式"
EMPLOYMENT_TYPE = "就业类型"
ENROLMENT_YEAR = "入学年份"
SUPERVISOR_STAFF_NO = "校内导师工号"

# Header → Student field, in the order the export writes them.
COLUMNS: dict[str, str] = {
    STUDENT_NO: "student_no",
    FULL_NAME: "full_name",
    COLLEGE_CODE: "college",
    MAJOR: "major",
    DEGREE_LEVEL: "degree_level",
    DEGREE_TYPE: "degree_type",
    STUDY_MODE: "study_mode",
    EMPLOYMENT_TYPE: "employment_type",
    ENROLMENT_YEAR: "enrolment_year",
    SUPERVISOR_STAFF_NO: "supervisor",
}
# Without this column, supervisors are left as they are.
OPTIONAL_COLUMNS = frozenset({SUPERVISOR_STAFF_NO})

# The label the file uses for each choice; the stored value (e.g. "master") is accepted too.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "degree_level": {Student.DegreeLevel.MASTER: "硕士", Student.DegreeLevel.DOCTORAL: "博士"},
    "degree_type": {Student.DegreeType.PROFESSIONAL: "专业学位", Student.DegreeType.ACADEMIC: "学术学位"},
    "study_mode": {Student.StudyMode.FULL_TIME: "全日制", Student.StudyMode.PART_TIME: "非全日制"},
    "employment_type": {Student.EmploymentType.NON_DIRECTED: "非定向", Student.EmploymentType.DIRECTED: "定向"},
}
_MORE_LABELS: dict[str, dict[str, str]] = {
    "employment_type": {"非定向就业": Student.EmploymentType.NON_DIRECTED, "定向就业": Student.EmploymentType.DIRECTED},
}
_CHOICE_LOOKUP: dict[str, dict[str, str]] = {
    field: {
        **{str(value): str(value) for value in labels},
        **{label: str(value) for value, label in labels.items()},
        **_MORE_LABELS.get(field, {}),
    }
    for field, labels in CHOICE_LABELS.items()
}
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (None for the whole file), the column header, and why."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is not None and not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.row is not None:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.column:
            return _("Column %(column)s: %(message)s") % {"column": self.column, "message": self.message}
        return self.message


class StudentImportError(ValidationError):
    """The file was refused and nothing was written; ``errors`` lists every problem found."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__([str(error) for error in errors], code="student_import")
        self.errors = list(errors)


@dataclass(frozen=True)
class ImportReport:
    """How many students an import added, changed and found already up to date."""

    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class _Row:
    number: int
    fields: dict[str, Any]


def _no_progress(done: int, total: int) -> None:
    return None


def student_import(
    *, file: IO[bytes] | str | PathLike[str], imported_by: User, progress: Progress = _no_progress
) -> ImportReport:
    """Add or update the students of an .xlsx list; refuse the whole file if any row is wrong.

    ``progress(done, total)`` hears how far the import has got: each row counts once when it is
    checked and once when it is written, so ``total`` is twice the number of rows.
    """
    header, lines = _read_sheet(file)
    errors = _header_errors(header)
    if errors:
        raise StudentImportError(errors)
    if not lines:
        raise _file_error(_("The file has no rows of students below the header row."))
    columns = [(index, name) for index, name in enumerate(header) if name]
    cells = [(number, {name: _text(values[index]) for index, name in columns}) for number, values in lines]
    rows = _clean_rows(cells, has_supervisor=SUPERVISOR_STAFF_NO in header, errors=errors)
    progress(len(rows), 2 * len(rows))
    if errors:
        raise StudentImportError(errors)
    try:
        return _write(rows, imported_by=imported_by, progress=progress)
    except IntegrityError as exc:
        # Someone else added one of these student numbers between our check and our insert.
        raise StudentImportError(
            [RowError(None, "", _("The students changed while the file was imported; please import it again."))]
        ) from exc


def _file_error(message: str) -> StudentImportError:
    return StudentImportError([RowError(None, "", message)])


def _read_sheet(file: IO[bytes] | str | PathLike[str]) -> tuple[list[str], list[tuple[int, tuple[Any, ...]]]]:
    """The header row and the non-empty data rows (numbered as Excel shows them) of the first sheet."""
    not_a_workbook = _("The file is not a valid Excel workbook (.xlsx). Save it as .xlsx and try again.")
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl fails in many different ways on a file that is not a workbook
        raise _file_error(not_a_workbook) from exc
    lines: list[tuple[int, tuple[Any, ...]]] = []
    try:
        sheet = workbook.worksheets[0]
        # Writers often record wrong dimensions, and read-only mode would trust them and drop rows.
        sheet.reset_dimensions()
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        header = [_text(value) for value in first]
        while header and not header[-1]:
            header.pop()
        if header:
            # Cells right of the last header are ignored, so a stray far-away cell costs nothing.
            for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=len(header), values_only=True), 2):
                if any(_text(value) for value in values):
                    lines.append((number, tuple(values) + (None,) * (len(header) - len(values))))
                    if len(lines) > MAX_DATA_ROWS:
                        break
    except Exception as exc:  # a damaged sheet fails while it is read, not when it is opened
        raise _file_error(not_a_workbook) from exc
    finally:
        workbook.close()
    if len(lines) > MAX_DATA_ROWS:
        raise _file_error(
            _("The file has more than %(limit)s rows of students; split it into smaller files.")
            % {"limit": MAX_DATA_ROWS}
        )
    return header, lines


def _text(value: Any) -> str:
    """A cell as trimmed text; a whole number that Excel stored as 2024.0 reads as 2024.

    Our exports guard formula-like text with a leading apostrophe (base_portal.exports); it is
    removed again here, so an exported file re-imports unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _header_errors(header: Sequence[str]) -> list[RowError]:
    errors = []
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name not in COLUMNS:
            message = _("This column is not recognised; the columns are %(columns)s.") % {"columns": "、".join(COLUMNS)}
            errors.append(RowError(None, name, message))
        elif name in seen:
            errors.append(RowError(None, name, _("This column appears more than once.")))
        seen.add(name)
    errors.extend(
        RowError(None, name, _("This column is missing."))
        for name in COLUMNS
        if name not in seen and name not in OPTIONAL_COLUMNS
    )
    return errors


def _clean_rows(
    cells: Sequence[tuple[int, dict[str, str]]], *, has_supervisor: bool, errors: list[RowError]
) -> list[_Row]:
    """Each row as Student field values; problems go to ``errors``."""
    codes = {row[COLLEGE_CODE] for _number, row in cells}
    colleges = {college.code: college for college in College.objects.filter(code__in=codes)}
    supervisors: dict[str, Mentor] = {}
    if has_supervisor:
        staff_nos = {row[SUPERVISOR_STAFF_NO] for _number, row in cells} - {""}
        found = Mentor.objects.filter(kind=Mentor.Kind.SUPERVISOR, staff_no__in=staff_nos)
        supervisors = {mentor.staff_no: mentor for mentor in found if mentor.staff_no}
    last_year = last_enrolment_year(timezone.localdate())
    first_seen: dict[str, int] = {}
    rows = []
    for number, row in cells:
        fields: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for column in (STUDENT_NO, FULL_NAME, MAJOR):
            fields[COLUMNS[column]] = _clean_text(row[column], COLUMNS[column], column, problems)
        student_no = fields["student_no"]
        if student_no in first_seen:
            problems.append(
                (
                    STUDENT_NO,
                    _("“%(value)s” already appears in row %(row)s.")
                    % {"value": student_no, "row": first_seen[student_no]},
                )
            )
        elif student_no:
            first_seen[student_no] = number
        fields["college"] = _clean_lookup(
            row[COLLEGE_CODE], colleges, COLLEGE_CODE, _("No college has the code “%(value)s”."), problems
        )
        for column in (DEGREE_LEVEL, DEGREE_TYPE, STUDY_MODE, EMPLOYMENT_TYPE):
            fields[COLUMNS[column]] = _clean_choice(row[column], COLUMNS[column], column, problems)
        fields["enrolment_year"] = _clean_year(row[ENROLMENT_YEAR], last_year, problems)
        if has_supervisor and row[SUPERVISOR_STAFF_NO]:
            fields["supervisor"] = _clean_lookup(
                row[SUPERVISOR_STAFF_NO],
                supervisors,
                SUPERVISOR_STAFF_NO,
                _("No on-campus supervisor has the staff number “%(value)s”."),
                problems,
            )
        errors.extend(RowError(number, column, message) for column, message in problems)
        rows.append(_Row(number, fields))
    return rows


def _clean_text(text: str, field: str, column: str, problems: list[tuple[str, str]]) -> str:
    limit = _model_field(field).max_length
    if not text:
        problems.append((column, _("A value is required.")))
    elif limit is not None and len(text) > limit:
        problems.append((column, _("At most %(limit)s characters are allowed.") % {"limit": limit}))
    return text


def _clean_lookup(
    text: str, known: Mapping[str, models.Model], column: str, unknown: str, problems: list[tuple[str, str]]
) -> Any:
    if not text:
        problems.append((column, _("A value is required.")))
        return None
    found = known.get(text)
    if found is None:
        problems.append((column, unknown % {"value": text}))
    return found


def _clean_choice(text: str, field: str, column: str, problems: list[tuple[str, str]]) -> str:
    value = _CHOICE_LOOKUP[field].get(text) or _CHOICE_LOOKUP[field].get(text.lower())
    if value is None:
        labels = list(CHOICE_LABELS[field].values())
        expected = _("%(choices)s or %(last)s") % {"choices": "、".join(labels[:-1]), "last": labels[-1]}
        if not text:
            problems.append((column, _("A value is required; expected %(expected)s.") % {"expected": expected}))
        else:
            problems.append(
                (
                    column,
                    _("“%(value)s” is not a valid value; expected %(expected)s.")
                    % {"value": text, "expected": expected},
                )
            )
        return ""
    return value


def _clean_year(text: str, last_year: int, problems: list[tuple[str, str]]) -> int | None:
    if _YEAR.fullmatch(text) and FIRST_ENROLMENT_YEAR <= int(text) <= last_year:
        return int(text)
    problems.append(
        (
            ENROLMENT_YEAR,
            _("“%(value)s” is not a valid year; expected a four-digit year from %(first)s to %(last)s.")
            % {"value": text, "first": FIRST_ENROLMENT_YEAR, "last": last_year},
        )
    )
    return None


@transaction.atomic
def _write(rows: Sequence[_Row], *, imported_by: User, progress: Progress) -> ImportReport:
    existing = _lock_existing(row.fields["student_no"] for row in rows)
    created = updated = unchanged = 0
    errors: list[RowError] = []
    for written, row in enumerate(rows, 1):
        progress(len(rows) + written, 2 * len(rows))
        student = existing.get(row.fields["student_no"])
        try:
            if student is None:
                student_create(**row.fields)
                created += 1
            elif student_update(student=student, changed_by=imported_by, **row.fields):
                updated += 1
            else:
                unchanged += 1
        except ValidationError as error:
            # A rule the row checks above do not know about: report it, and write nothing.
            errors.extend(RowError(row.number, "", message) for message in error.messages)
    if errors:
        raise StudentImportError(errors)
    return ImportReport(created=created, updated=updated, unchanged=unchanged)


def _lock_existing(student_nos: Iterable[str]) -> dict[str, Student]:
    numbers = list(student_nos)
    found: dict[str, Student] = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        found.update((s.student_no, s) for s in Student.objects.select_for_update().filter(student_no__in=chunk))
    return found


def _model_field(name: str) -> "models.Field[Any, Any]":
    field = Student._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(name)
    return field
