"""Student lists in and out of Excel: the import page and the export of the (filtered) student list."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.validators import FileExtensionValidator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, xlsx_response
from base_portal.files import MAX_UPLOAD_BYTES, validate_upload_size
from jobs.models import Job
from jobs.services import job_start

from .filters import StudentFilter
from .importing import CHOICE_LABELS, COLUMNS, FIRST_ENROLMENT_YEAR, MAX_DATA_ROWS, OPTIONAL_COLUMNS
from .models import Student
from .selectors import students_visible_to


class StudentImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"), validators=[FileExtensionValidator(["xlsx"]), validate_upload_size]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An .xlsx workbook of at most %(size)d MB; only its first sheet is read.") % {
            "size": MAX_UPLOAD_BYTES // (1024 * 1024)
        }


@login_required
@permission_required(("students.add_student", "students.change_student", "jobs.add_job"), raise_exception=True)
def student_import_page(request: HttpRequest) -> HttpResponse:
    """Upload the file; the import runs as a background job, whose page shows progress and the outcome."""
    form = StudentImportForm(request.POST, request.FILES) if request.method == "POST" else StudentImportForm()
    if request.method == "POST" and form.is_valid():
        job = job_start(kind=Job.Kind.STUDENT_IMPORT, owner=request.user, input_file=form.cleaned_data["file"])
        return redirect(job)
    context = {"form": form, "columns": _column_help(), "max_rows": MAX_DATA_ROWS}
    return render(request, "students/student_import.html", context, status=400 if request.method == "POST" else 200)


def _column_help() -> list[dict[str, Any]]:
    def either(field: str) -> str:
        return _("One of: %(labels)s.") % {"labels": "、".join(CHOICE_LABELS[field].values())}

    help_texts = {
        "student_no": _("Students are matched by number: a new number adds a student, a known one updates them."),
        "full_name": "",
        "college": _("The college's code as the portal records it."),
        "major": "",
        "degree_level": either("degree_level"),
        "degree_type": either("degree_type"),
        "study_mode": either("study_mode"),
        "employment_type": either("employment_type"),
        "enrolment_year": _("A four-digit year from %(first)s to %(last)s.")
        % {"first": FIRST_ENROLMENT_YEAR, "last": timezone.localdate().year + 1},
        "supervisor": _(
            "The on-campus supervisor's staff number. An empty cell, or no such column, leaves the supervisor as it is."
        ),
    }
    return [
        {"header": header, "required": header not in OPTIONAL_COLUMNS, "help": help_texts[field]}
        for header, field in COLUMNS.items()
    ]


@login_required
@permission_required("students.view_student", raise_exception=True)
def student_export(request: HttpRequest) -> FileResponse:
    return xlsx_response("students.xlsx", str(_("Students")), list(COLUMNS), student_export_rows(request))


def student_export_response(request: HttpRequest) -> FileResponse:
    """The student list's ``?export=xlsx``: the same workbook as the export page, named by date."""
    return list_export(_("Students"), list(COLUMNS), student_export_rows(request))


def student_export_rows(request: HttpRequest) -> Iterator[list[Any]]:
    """Every student of the filtered list, in the import's columns (so the file reads back in)."""
    students = students_visible_to(request.user).select_related("college", "supervisor")
    filterset = StudentFilter(request.GET, queryset=students, request=request)
    return (_row(student) for student in filterset.qs.order_by("student_no").iterator(chunk_size=EXPORT_CHUNK_SIZE))


def _row(student: Student) -> list[Any]:
    """The student as a row the import reads back unchanged."""
    return [
        student.student_no,
        student.full_name,
        student.college.code,
        student.major,
        CHOICE_LABELS["degree_level"][student.degree_level],
        CHOICE_LABELS["degree_type"][student.degree_type],
        CHOICE_LABELS["study_mode"][student.study_mode],
        CHOICE_LABELS["employment_type"][student.employment_type],
        student.enrolment_year,
        student.supervisor.staff_no if student.supervisor else None,
    ]
