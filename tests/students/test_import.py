"""Student lists in and out of Excel: the import service, its page, and the export."""

import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from jobs.models import Job
from mentors.models import Mentor
from students import importing
from students.importing import ImportReport, RowError, StudentImportError, student_import
from students.models import Student
from students.selectors import students_visible_to
from tests import factories
from tests.conftest import Cast

HEADERS = [
    "学号",
    "姓名",
    "学院代码",
    "专业",
    "学位层次",
    "学位类型",
    "学习方式",
    "就业类型",
    "入学年份",
    "校内导师工号",
]


def xlsx(rows: Sequence[Sequence[Any]], headers: Sequence[Any] = HEADERS, name: str = "students.xlsx") -> io.BytesIO:
    """A workbook with a header row and the given rows, as an upload-like stream with a name."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def row(student_no: Any = "S2024001", **changes: Any) -> list[Any]:
    values = {
        "学号": student_no,
        "姓名": "王同学",
        "学院代码": "MEE",
        "专业": "机械工程",
        "学位层次": "硕士",
        "学位类型": "专业学位",
        "学习方式": "全日制",
        "就业类型": "非定向",
        "入学年份": 2024,
        "校内导师工号": "T1001",
        **changes,
    }
    return [values[header] for header in HEADERS]


def run(cast: Cast, rows: Sequence[Sequence[Any]], headers: Sequence[Any] = HEADERS) -> ImportReport:
    return student_import(file=xlsx(rows, headers), imported_by=cast.users["office"])


def refused(cast: Cast, rows: Sequence[Sequence[Any]], headers: Sequence[Any] = HEADERS) -> list[RowError]:
    before = set(Student.objects.values_list("pk", "updated_at"))
    with pytest.raises(StudentImportError) as caught:
        run(cast, rows, headers)
    assert set(Student.objects.values_list("pk", "updated_at")) == before, "a refused file wrote something"
    assert caught.value.messages == [str(error) for error in caught.value.errors]
    return caught.value.errors


def where(errors: Sequence[RowError]) -> list[tuple[int | None, str]]:
    return [(error.row, error.column) for error in errors]


@pytest.fixture
def staff_supervisor(cast: Cast) -> Mentor:
    return factories.SupervisorFactory(
        full_name="周导师", staff_no="T1001", college=cast.college_mee, organisation=cast.university
    )


def imported() -> dict[str, Student]:
    return {
        s.student_no: s for s in Student.objects.exclude(student_no__startswith="TS26").select_related("supervisor")
    }


# --- a good file ----------------------------------------------------------------------------------


def test_a_good_file_adds_every_student(cast: Cast, staff_supervisor: Mentor) -> None:
    report = run(
        cast,
        [
            row("S2024001"),
            # Stored values, the longer employment label, stray spaces and no supervisor are all fine.
            row(
                " S2024002 ",
                姓名=" 李同学\u3000",
                学院代码="CS",
                学位层次="doctoral",
                学位类型="Academic",
                学习方式="非全日制",
                就业类型="定向就业",
                入学年份="2023",
                校内导师工号="",
            ),
        ],
    )
    assert report == ImportReport(created=2, updated=0, unchanged=0)
    students = imported()
    first, second = students["S2024001"], students["S2024002"]
    assert (first.full_name, first.college, first.major, first.enrolment_year) == (
        "王同学",
        cast.college_mee,
        "机械工程",
        2024,
    )
    assert (first.degree_level, first.degree_type, first.study_mode, first.employment_type) == (
        "master",
        "professional",
        "full_time",
        "non_directed",
    )
    assert first.supervisor == staff_supervisor
    assert (second.full_name, second.college, second.enrolment_year, second.supervisor) == (
        "李同学",
        cast.college_cs,
        2023,
        None,
    )
    assert (second.degree_level, second.degree_type, second.study_mode, second.employment_type) == (
        "doctoral",
        "academic",
        "part_time",
        "directed",
    )
    assert first.history.count() == 1


def test_columns_may_come_in_any_order_and_the_supervisor_column_may_be_left_out(cast: Cast) -> None:
    headers = list(reversed(HEADERS[:-1]))
    values = dict(zip(HEADERS, row("S2024009"), strict=True))
    report = run(cast, [[values[h] for h in headers]], headers)
    assert report.created == 1
    assert imported()["S2024009"].supervisor is None


def test_numbers_typed_as_numbers_lose_no_digits_and_gain_no_point_zero(cast: Cast, staff_supervisor: Mentor) -> None:
    staff_supervisor.staff_no = "1001"
    staff_supervisor.save()
    run(
        cast, [row(20240001, 入学年份=2024.0, 校内导师工号=1001), row(20240002.0, 入学年份="2024", 校内导师工号=1001.0)]
    )
    students = imported()
    assert set(students) == {"20240001", "20240002"}
    assert students["20240001"].enrolment_year == 2024
    assert students["20240001"].supervisor == staff_supervisor


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(cast: Cast, staff_supervisor: Mentor) -> None:
    blank = [None] * len(HEADERS)
    spaces = ["  "] * len(HEADERS)
    errors = refused(cast, [row("S1"), blank, spaces, row("S2", 学位层次="硕")])
    assert where(errors) == [(5, "学位层次")]


# --- refusals -------------------------------------------------------------------------------------


def test_one_bad_row_refuses_the_whole_file(cast: Cast, staff_supervisor: Mentor) -> None:
    errors = refused(cast, [row("S1"), row("S2"), row("S3"), row("S4", 学位层次="硕"), row("S5")])
    assert where(errors) == [(5, "学位层次")]
    assert "硕" in errors[0].message
    assert "硕士" in errors[0].message
    assert "博士" in errors[0].message
    assert not Student.objects.filter(student_no__in=["S1", "S2", "S3", "S5"]).exists()
    # Whatever the language, the sentence names the row and the column.
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert "5" in str(errors[0])
            assert "学位层次" in str(errors[0])


def test_every_problem_of_every_row_is_reported(cast: Cast, staff_supervisor: Mentor) -> None:
    errors = refused(
        cast,
        [row("S1", 姓名="", 学习方式="在职"), row("S2"), row("S3", 就业类型="", 专业="机" * 101)],
    )
    assert where(errors) == [(2, "姓名"), (2, "学习方式"), (4, "专业"), (4, "就业类型")]


def test_a_missing_column_is_named(cast: Cast) -> None:
    headers = [h for h in HEADERS if h != "专业"]
    values = dict(zip(HEADERS, row(), strict=True))
    errors = refused(cast, [[values[h] for h in headers]], headers)
    assert where(errors) == [(None, "专业")]
    assert "专业" in str(errors[0])


def test_an_extra_column_is_named(cast: Cast) -> None:
    errors = refused(cast, [[*row(), "无"]], [*HEADERS, "备注"])
    assert where(errors) == [(None, "备注")]
    assert "备注" in str(errors[0])


def test_a_column_given_twice_is_refused(cast: Cast) -> None:
    errors = refused(cast, [[*row(), "S9"]], [*HEADERS, " 学号 "])
    assert where(errors) == [(None, "学号")]


def test_a_file_without_a_header_row_names_every_required_column(cast: Cast) -> None:
    errors = refused(cast, [row()], headers=[None] * len(HEADERS))
    assert [column for _row, column in where(errors)] == HEADERS[:-1]


def test_a_header_without_rows_is_refused(cast: Cast) -> None:
    errors = refused(cast, [])
    assert where(errors) == [(None, "")]


def test_a_student_number_twice_in_the_file_is_refused_at_the_second(cast: Cast, staff_supervisor: Mentor) -> None:
    errors = refused(cast, [row("S1"), row("S2"), row("S1", 姓名="另一个")])
    assert where(errors) == [(4, "学号")]
    assert "2" in errors[0].message


def test_an_unknown_college_code_is_refused(cast: Cast, staff_supervisor: Mentor) -> None:
    errors = refused(cast, [row("S1"), row("S2", 学院代码="NOPE")])
    assert where(errors) == [(3, "学院代码")]
    assert "NOPE" in errors[0].message


def test_an_unknown_staff_number_is_refused_and_so_is_a_cooperative_mentors(
    cast: Cast, staff_supervisor: Mentor
) -> None:
    cast.mentor_a.staff_no = "E5001"
    cast.mentor_a.save()
    errors = refused(cast, [row("S1", 校内导师工号="T9999"), row("S2", 校内导师工号="E5001")])
    assert where(errors) == [(2, "校内导师工号"), (3, "校内导师工号")]
    assert "T9999" in errors[0].message


@pytest.mark.parametrize("year", ["1989", "19900", "二〇二四", "2024年", "", "NEXT+1"])
def test_a_bad_enrolment_year_is_refused(cast: Cast, staff_supervisor: Mentor, year: str) -> None:
    if year == "NEXT+1":
        year = str(timezone.localdate().year + 2)
    errors = refused(cast, [row("S1", 入学年份=year)])
    assert where(errors) == [(2, "入学年份")]


def test_enrolment_years_on_the_limits_are_accepted(cast: Cast, staff_supervisor: Mentor) -> None:
    next_year = timezone.localdate().year + 1
    assert run(cast, [row("S1", 入学年份=1990), row("S2", 入学年份=str(next_year))]).created == 2


def test_a_file_that_is_not_a_workbook_gives_one_clear_error(cast: Cast) -> None:
    for content in (b"not a workbook at all", b"PK\x03\x04 truncated zip", "学号,姓名\n1,王".encode()):
        with pytest.raises(StudentImportError) as caught:
            student_import(file=io.BytesIO(content), imported_by=cast.users["office"])
        assert where(caught.value.errors) == [(None, "")]
        assert ".xlsx" in caught.value.errors[0].message


def test_too_many_rows_are_refused(cast: Cast, staff_supervisor: Mentor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "MAX_DATA_ROWS", 3)
    assert run(cast, [row(f"S{n}") for n in range(3)]).created == 3
    errors = refused(cast, [row(f"S{n}") for n in range(10, 14)])
    assert where(errors) == [(None, "")]
    assert "3" in errors[0].message


def test_a_refusal_while_writing_undoes_the_rows_already_written(
    cast: Cast, staff_supervisor: Mentor, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = importing.student_create

    def create(**fields: Any) -> Student:
        if fields["student_no"] == "S3":
            raise ValidationError("a rule only the model knows")
        return real_create(**fields)

    monkeypatch.setattr(importing, "student_create", create)
    errors = refused(cast, [row("S1"), row("S2"), row("S3")])
    assert where(errors) == [(4, "")]
    assert not Student.objects.filter(student_no__in=["S1", "S2"]).exists()


# --- re-importing ---------------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(cast: Cast, staff_supervisor: Mentor) -> None:
    rows = [row(f"S{n}") for n in range(5)]
    assert run(cast, rows) == ImportReport(created=5, updated=0, unchanged=0)
    before = {s.student_no: (s.updated_at, s.history.count()) for s in imported().values()}
    assert run(cast, rows) == ImportReport(created=0, updated=0, unchanged=5)
    assert {s.student_no: (s.updated_at, s.history.count()) for s in imported().values()} == before


def test_one_changed_cell_updates_one_student(cast: Cast, staff_supervisor: Mentor) -> None:
    rows = [row(f"S{n}") for n in range(4)]
    run(cast, rows)
    untouched = Student.objects.get(student_no="S0").updated_at
    rows[2] = row("S2", 专业="安全工程")
    assert run(cast, rows) == ImportReport(created=0, updated=1, unchanged=3)
    changed = Student.objects.get(student_no="S2")
    assert changed.major == "安全工程"
    assert changed.history.count() == 2
    assert changed.history.first().history_user == cast.users["office"]
    assert Student.objects.get(student_no="S0").updated_at == untouched


def test_existing_students_are_updated_and_new_ones_added_in_one_file(cast: Cast, staff_supervisor: Mentor) -> None:
    student_b = cast.student_b
    rows = [row(student_b.student_no, 姓名="高同学（改）", 学院代码="CS", 校内导师工号=""), row("S-new")]
    assert run(cast, rows) == ImportReport(created=1, updated=1, unchanged=0)
    student_b.refresh_from_db()
    assert student_b.full_name == "高同学（改）"
    # An empty staff number leaves the supervisor the student already has.
    assert student_b.supervisor == cast.supervisor_b


def test_the_lookups_do_not_grow_with_the_file(
    cast: Cast, staff_supervisor: Mentor, django_assert_num_queries: Any
) -> None:
    for count in (3, 40):
        rows = [row(f"S{n}", 入学年份="1900" if n == 0 else 2024) for n in range(count)]
        with django_assert_num_queries(2), pytest.raises(StudentImportError):  # colleges, supervisors
            run(cast, rows)

    for count in (3, 40):
        rows = [row(f"R{count}-{n}") for n in range(count)]
        run(cast, rows)
        # Re-importing unchanged rows reads them once and writes nothing (+ savepoint pair).
        with django_assert_num_queries(5):
            assert run(cast, rows).unchanged == count


# --- the page -------------------------------------------------------------------------------------


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def upload(rows: Sequence[Sequence[Any]], name: str = "学生名单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx(rows).getvalue())


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 200), ("college", 403), ("supervisor", 403), ("baseadmin", 403), ("student", 403), ("outsider", 403)],
)
def test_only_the_office_opens_the_import_page(cast: Cast, persona: str, status: int) -> None:
    url = reverse("students:student_import")
    client = client_for(cast, persona)
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert all(header in html for header in HEADERS)
    else:
        assert client.post(url, {"file": upload([row("S-forbidden", 校内导师工号="")])}).status_code == 403
        assert not Student.objects.filter(student_no="S-forbidden").exists()


def test_anonymous_is_sent_to_log_in(cast: Cast) -> None:
    for name in ("students:student_import", "students:student_export"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_imports_in_the_background_and_says_how_many(
    cast: Cast, staff_supervisor: Mentor, jobs_inline: Any
) -> None:
    client = client_for(cast, "office")
    with jobs_inline():
        response = client.post(reverse("students:student_import"), {"file": upload([row("S1"), row("S2")])})
    job = Job.objects.get(owner=cast.users["office"])
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.input_name) == (Job.Kind.STUDENT_IMPORT, Job.Status.SUCCEEDED, "学生名单.xlsx")
    with translation.override(settings.LANGUAGE_CODE):
        expected = _("Import finished: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": 2,
            "updated": 0,
            "unchanged": 0,
        }
    assert job.summary == expected
    assert expected in client.get(job.get_absolute_url()).content.decode()
    assert Student.objects.filter(student_no__in=["S1", "S2"]).count() == 2


def test_the_job_lists_every_problem_and_saves_nothing(cast: Cast, staff_supervisor: Mentor, jobs_inline: Any) -> None:
    client = client_for(cast, "office")
    with jobs_inline():
        client.post(
            reverse("students:student_import"), {"file": upload([row("S1"), row("S2", 学位层次="硕", 学院代码="XX")])}
        )
    job = Job.objects.get(owner=cast.users["office"])
    assert job.status == Job.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "学院代码"), (3, "学位层次")]
    assert job.error_count == 2
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'data-label="' in html
    assert "XX" in html
    assert not Student.objects.filter(student_no="S1").exists()


def test_a_file_that_is_not_a_workbook_fails_with_one_clear_error(cast: Cast, jobs_inline: Any) -> None:
    client = client_for(cast, "office")
    url = reverse("students:student_import")
    # Named .xlsx but not one: the service's one clear error, on the job's page.
    with jobs_inline():
        client.post(url, {"file": SimpleUploadedFile("名单.xlsx", b"plain text, not a workbook")})
    job = Job.objects.get(owner=cast.users["office"])
    assert [(e["row"], e["column"]) for e in job.errors] == [(None, "")]
    assert ".xlsx" in client.get(job.get_absolute_url()).content.decode()
    # Another kind of file: the form's error, before any job starts.
    for name in ("名单.csv", "名单.xls"):
        response = client.post(url, {"file": SimpleUploadedFile(name, xlsx([row()]).getvalue())})
        assert response.status_code == 400
        assert response.context["form"].errors["file"]
    assert Job.objects.count() == 1


# --- the export -----------------------------------------------------------------------------------


def sheet_of(response: HttpResponse) -> Worksheet:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def visible_numbers(cast: Cast, persona: str) -> list[str]:
    return list(students_visible_to(cast.users[persona]).order_by("student_no").values_list("student_no", flat=True))


def test_the_export_has_the_import_columns_and_one_row_per_visible_student(cast: Cast) -> None:
    cast.supervisor_mentor.staff_no = "T0001"
    cast.supervisor_mentor.save()
    sheet = sheet_of(client_for(cast, "office").get(reverse("students:student_export")))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert (
        [r[0] for r in rows[1:]]
        == visible_numbers(cast, "office")
        == sorted(Student.objects.values_list("student_no", flat=True))
    )
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["TS26A0001"] == (
        "TS26A0001",
        "陈同学",
        "MEE",
        "机械工程",
        "硕士",
        "专业学位",
        "全日制",
        "非定向",
        2025,
        "T0001",
    )
    assert by_number["TS26B0001"][-1] is None  # a supervisor without a staff number


def test_the_export_applies_the_list_filters(cast: Cast) -> None:
    sheet = sheet_of(client_for(cast, "office").get(reverse("students:student_export"), {"q": "TS26B"}))
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [cast.student_b.student_no]


@pytest.mark.parametrize("persona", ["baseadmin", "baseadmin2", "college", "supervisor", "mentor", "student"])
def test_each_role_exports_only_the_students_it_sees(cast: Cast, persona: str) -> None:
    sheet = sheet_of(client_for(cast, persona).get(reverse("students:student_export")))
    exported = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == visible_numbers(cast, persona)
    assert len(exported) < Student.objects.count()


def test_a_base_admin_exports_their_base_only(cast: Cast) -> None:
    sheet = sheet_of(client_for(cast, "baseadmin").get(reverse("students:student_export")))
    exported = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert cast.student_a.student_no in exported
    assert cast.student_b.student_no not in exported


def test_the_outsider_may_not_export(cast: Cast) -> None:
    assert client_for(cast, "outsider").get(reverse("students:student_export")).status_code == 403


def test_a_name_that_looks_like_a_formula_is_exported_as_text(cast: Cast) -> None:
    factories.StudentFactory(student_no="TS27000001", full_name="=1+1", college=cast.college_mee)
    sheet = sheet_of(client_for(cast, "office").get(reverse("students:student_export"), {"q": "TS27"}))
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == ("'=1+1", "s")


def test_the_export_reads_back_in_unchanged(cast: Cast) -> None:
    cast.supervisor_mentor.staff_no = "T0001"
    cast.supervisor_mentor.save()
    response = client_for(cast, "office").get(reverse("students:student_export"))
    exported = io.BytesIO(b"".join(response.streaming_content))
    report = student_import(file=exported, imported_by=cast.users["office"])
    assert report == ImportReport(created=0, updated=0, unchanged=Student.objects.count())


def test_the_export_query_count_does_not_grow_with_the_list(cast: Cast, django_assert_num_queries: Any) -> None:
    client = client_for(cast, "office")
    url = reverse("students:student_export")
    params = {"college": cast.college_mee.pk}
    client.get(url, params)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    factories.StudentFactory.create_batch(30, college=cast.college_mee, supervisor=cast.supervisor_mentor)
    with django_assert_num_queries(len(few.captured_queries)):
        sheet = sheet_of(client.get(url, params))
    assert sheet.max_row == 1 + students_visible_to(cast.users["office"]).filter(college=cast.college_mee).count()
    assert sheet.max_row > 30
