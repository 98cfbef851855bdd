"""The assessment pages as each role drives them: the mentor's month, confirmation, amendment,
the ledger and its export, the student's statement and work summary."""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from assessments.models import AllowancePayment, MonthlyAssessment, WorkSummary
from assessments.services import MonthRow, assessment_confirm, month_save, payment_record_paid
from students.models import Placement
from tests import factories
from tests.conftest import Cast

D = dt.date
State = MonthlyAssessment.State
PRACTICE_END = D(2026, 8, 31)
MAY = D(2026, 5, 1)  # the cast's placements practise 2026-03-01 to 2026-08-31; only April is assessed


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fieldset_of(html: str, name: str) -> str:
    """The month page's fieldset for the student called ``name``."""
    (fieldset,) = [part for part in html.split("<fieldset")[1:] if name in part.split("</legend>")[0]]
    return fieldset.split("</fieldset>")[0]


def mentored(cast: Cast, start: dt.date, end: dt.date | None = PRACTICE_END, **student: object) -> Placement:
    return factories.PlacementFactory(
        base=cast.base_a,
        cooperative_mentor=cast.mentor_a,
        student=factories.StudentFactory(**student),
        practice_start=start,
        practice_end=end,
    )


@pytest.fixture
def month(cast: Cast) -> list[Placement]:
    """The mentor's students in practice in May 2026: the cast's student, a full month and a half month."""
    full = mentored(cast, D(2026, 4, 1), full_name="王同学")
    half = mentored(cast, D(2026, 5, 16), full_name="赵同学")  # 16 days of May
    mentored(cast, D(2026, 7, 1), full_name="钱同学")  # starts later: not on May's page
    WorkSummary.objects.create(placement=cast.placement_a, month=MAY, text="完成巡检算法现场调试")
    return [cast.placement_a, full, half]


def rows(placements: list[Placement], **override: dict[str, str]) -> dict[str, str]:
    data = {"month": "2026-05"}
    for placement in placements:
        data[f"attendance_{placement.pk}"] = "16"
        data[f"score_{placement.pk}"] = "85"
        data[f"summary_{placement.pk}"] = "按计划完成"
        data[f"comments_{placement.pk}"] = "表现良好"
        data.update(override.get(placement.student.full_name, {}))
    return data


# --- the mentor's month -------------------------------------------------------------------------


def test_the_month_page_shows_each_student_in_practice_with_their_own_summary(
    cast: Cast, month: list[Placement]
) -> None:
    response = client_for(cast, "mentor").get(reverse("assessments:month_page"), {"month": "2026-05"})
    assert response.status_code == 200
    shown = [row["placement"] for row in response.context["rows"]]
    assert sorted(p.pk for p in shown) == sorted(p.pk for p in month)
    assert [row["days"] for row in response.context["rows"] if row["placement"] == month[2]] == [16]
    html = response.content.decode()
    assert "完成巡检算法现场调试" in fieldset_of(html, cast.student_a.full_name)
    for other in ("王同学", "赵同学"):
        assert "完成巡检算法现场调试" not in fieldset_of(html, other)
    assert "钱同学" not in html
    assert cast.student_b.full_name not in html


def test_submitting_the_month_saves_every_row(cast: Cast, month: list[Placement]) -> None:
    url = reverse("assessments:month_page")
    response = client_for(cast, "mentor").post(f"{url}?month=2026-05", {**rows(month), "submit": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?month=2026-05"
    saved = MonthlyAssessment.objects.filter(month=MAY).order_by("placement_id")
    assert [a.placement_id for a in saved] == sorted(p.pk for p in month)
    assert {(a.state, a.score, a.grade, a.attendance_days) for a in saved} == {(State.SUBMITTED, 85, "good", 16)}
    assert {a.written_by for a in saved} == {cast.users["mentor"]}


def test_saving_a_draft_keeps_it_a_draft(cast: Cast, month: list[Placement]) -> None:
    response = client_for(cast, "mentor").post(reverse("assessments:month_page"), {**rows(month), "save": ""})
    assert response.status_code == 302
    assert set(MonthlyAssessment.objects.filter(month=MAY).values_list("state", flat=True)) == {State.DRAFT}


@pytest.mark.parametrize(
    "bad",
    [{"score_": "101"}, {"attendance_": "17"}, {"score_": ""}, {"attendance_": "十"}],
    ids=["score-101", "attendance-above-16-days", "no-score", "not-a-number"],
)
def test_one_bad_row_shows_its_error_and_saves_nothing(cast: Cast, month: list[Placement], bad: dict[str, str]) -> None:
    half = month[2]
    before = MonthlyAssessment.objects.count()
    data = rows(month) | {f"{field}{half.pk}": value for field, value in bad.items()}
    response = client_for(cast, "mentor").post(reverse("assessments:month_page"), {**data, "submit": ""})
    assert response.status_code == 400
    assert MonthlyAssessment.objects.count() == before
    assert not MonthlyAssessment.objects.filter(month=MAY).exists()
    errors = {row["placement"].pk: row["errors"] for row in response.context["rows"]}
    assert [pk for pk, messages in errors.items() if messages] == [half.pk]
    html = response.content.decode()
    assert 'class="errorlist"' in fieldset_of(html, "赵同学")
    for other in (cast.student_a.full_name, "王同学"):
        assert 'class="errorlist"' not in fieldset_of(html, other)
        assert 'value="85"' in fieldset_of(html, other)  # what was typed is kept


def test_a_confirmed_row_does_not_block_the_rest_of_the_month(cast: Cast) -> None:
    late = mentored(cast, D(2026, 4, 1), full_name="王同学")  # April: placement_a is already confirmed
    client = client_for(cast, "mentor")
    url = f"{reverse('assessments:month_page')}?month=2026-04"
    page = client.get(url)
    assert [row["locked"] for row in page.context["rows"] if row["placement"] == cast.placement_a] == [True]
    data = {"month": "2026-04", f"attendance_{late.pk}": "20", f"score_{late.pk}": "80", "submit": ""}
    response = client.post(url, data)  # the browser posts no disabled inputs
    assert response.status_code == 302
    assert MonthlyAssessment.objects.get(placement=late, month=D(2026, 4, 1)).state == State.SUBMITTED
    assert MonthlyAssessment.objects.get(pk=cast.assessment_a.pk).score == 85


# --- confirmation by the base -------------------------------------------------------------------


SCORES = (95, 80, 55)


def submitted_may(cast: Cast, placements: list[Placement]) -> list[MonthlyAssessment]:
    return month_save(
        mentor=cast.users["mentor"],
        month=MAY,
        rows=[
            MonthRow(placement=p, attendance_days=16, score=score)
            for p, score in zip(placements, SCORES[: len(placements)], strict=True)
        ],
        submit=True,
    )


def test_the_base_admin_confirms_the_ticked_assessments_in_one_go(cast: Cast, month: list[Placement]) -> None:
    assessments = submitted_may(cast, month)
    url = reverse("assessments:assessment_list")
    admin = client_for(cast, "baseadmin")
    page = admin.get(url, {"state": "submitted"})
    assert page.context["can_confirm"]
    assert {a.pk for a in page.context["page"].object_list} == {a.pk for a in assessments}
    response = admin.post(url, {"confirm": [a.pk for a in assessments]})
    assert response.status_code == 302
    confirmed = MonthlyAssessment.objects.filter(pk__in=[a.pk for a in assessments])
    assert {(a.state, a.confirmed_by) for a in confirmed} == {(State.CONFIRMED, cast.users["baseadmin"])}
    assert AllowancePayment.objects.filter(assessment__in=assessments).count() == 3


def test_ticking_another_bases_assessment_is_404_and_confirms_nothing(cast: Cast, month: list[Placement]) -> None:
    (mine,) = submitted_may(cast, month[:1])
    theirs = MonthlyAssessment.objects.create(
        placement=cast.placement_b,
        base=cast.base_b,
        month=MAY,
        attendance_days=20,
        score=80,
        grade="good",
        state=State.SUBMITTED,
    )
    response = client_for(cast, "baseadmin").post(
        reverse("assessments:assessment_list"), {"confirm": [mine.pk, theirs.pk]}
    )
    assert response.status_code == 404
    assert set(MonthlyAssessment.objects.filter(pk__in=[mine.pk, theirs.pk]).values_list("state", flat=True)) == {
        State.SUBMITTED
    }
    assert not AllowancePayment.objects.filter(month=MAY).exists()


def test_the_mentor_cannot_confirm(cast: Cast, month: list[Placement]) -> None:
    (mine,) = submitted_may(cast, month[:1])
    client_for(cast, "mentor").post(reverse("assessments:assessment_list"), {"confirm": [mine.pk]})
    assert MonthlyAssessment.objects.get(pk=mine.pk).state == State.SUBMITTED


# --- amendment ----------------------------------------------------------------------------------


AMENDMENT = {"attendance_days": "18", "score": "50", "work_summary": "", "mentor_comments": "缺勤较多"}


@pytest.fixture
def confirmed(cast: Cast) -> AllowancePayment:
    """The cast student's May, written by the mentor (score 85) and confirmed by the base: 1500.00."""
    (assessment,) = month_save(
        mentor=cast.users["mentor"],
        month=MAY,
        rows=[MonthRow(placement=cast.placement_a, attendance_days=20, score=85)],
        submit=True,
    )
    return assessment_confirm(assessment=assessment, confirmed_by=cast.users["baseadmin"], today=D(2026, 6, 2))


def test_the_base_admin_amends_with_the_reason_on_record(cast: Cast, confirmed: AllowancePayment) -> None:
    assert confirmed.amount == Decimal("1500.00")
    url = reverse("assessments:assessment_amend", args=[confirmed.assessment_id])
    admin = client_for(cast, "baseadmin")
    page = admin.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["score"] == 85
    response = admin.post(url, {**AMENDMENT, "reason": "核对考勤后更正"})
    detail = reverse("assessments:assessment_detail", args=[confirmed.assessment_id])
    assert response.status_code == 302
    assert response["Location"] == detail

    amended = MonthlyAssessment.objects.get(pk=confirmed.assessment_id)
    assert (amended.score, amended.grade, amended.attendance_days, amended.state) == (50, "fail", 18, State.CONFIRMED)
    payment = AllowancePayment.objects.get(pk=confirmed.pk)
    assert payment.amount == Decimal("800.00")  # the cast's policy pays 800 for a failed month
    assert payment.reduction_reason
    latest, before = amended.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.score, latest.history_change_reason, latest.history_user) == (
        50,
        "核对考勤后更正",
        cast.users["baseadmin"],
    )
    assert before.score == 85
    shown = admin.get(detail)
    assert "核对考勤后更正" in shown.content.decode()


def test_an_amendment_without_a_reason_is_refused(cast: Cast, confirmed: AllowancePayment) -> None:
    url = reverse("assessments:assessment_amend", args=[confirmed.assessment_id])
    response = client_for(cast, "baseadmin").post(url, {**AMENDMENT, "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert MonthlyAssessment.objects.get(pk=confirmed.assessment_id).score == 85


def test_a_paid_month_cannot_be_amended_on_the_page(cast: Cast, confirmed: AllowancePayment) -> None:
    payment_record_paid(payment=confirmed, paid_on=D(2026, 6, 10), reference="2026-06-01")
    url = reverse("assessments:assessment_amend", args=[confirmed.assessment_id])
    response = client_for(cast, "baseadmin").post(url, {**AMENDMENT, "reason": "更正"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert MonthlyAssessment.objects.get(pk=confirmed.assessment_id).score == 85


@pytest.mark.parametrize(("persona", "status"), [("baseadmin2", 404), ("mentor", 403), ("office", 403)])
def test_only_the_bases_admin_amends(cast: Cast, confirmed: AllowancePayment, persona: str, status: int) -> None:
    url = reverse("assessments:assessment_amend", args=[confirmed.assessment_id])
    assert client_for(cast, persona).post(url, {**AMENDMENT, "reason": "更正"}).status_code == status
    assert MonthlyAssessment.objects.get(pk=confirmed.assessment_id).score == 85


# --- the ledger and its export ------------------------------------------------------------------


@pytest.fixture
def may_paid(cast: Cast, month: list[Placement]) -> list[AllowancePayment]:
    """May 2026 confirmed at base A (1500.00, 1500.00 and 16/31 of 1500 for the half month) and at base B."""
    payments = [
        assessment_confirm(assessment=a, confirmed_by=cast.users["baseadmin"], today=D(2026, 6, 2))
        for a in month_save(
            mentor=cast.users["mentor"],
            month=MAY,
            rows=[MonthRow(placement=p, attendance_days=16, score=80) for p in month],
            submit=True,
        )
    ]
    theirs = MonthlyAssessment.objects.create(
        placement=cast.placement_b,
        base=cast.base_b,
        month=MAY,
        attendance_days=20,
        score=80,
        grade="good",
        state=State.SUBMITTED,
    )
    payments.append(assessment_confirm(assessment=theirs, confirmed_by=cast.users["baseadmin2"], today=D(2026, 6, 2)))
    return payments


def sheet_of(response: HttpResponse) -> Worksheet:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_the_ledger_shows_the_lines_and_the_total(cast: Cast, may_paid: list[AllowancePayment]) -> None:
    response = client_for(cast, "office").get(
        reverse("assessments:ledger"), {"month": "2026-05", "base": cast.base_a.pk}
    )
    assert response.status_code == 200
    assert {p.pk for p in response.context["page"].object_list} == {p.pk for p in may_paid[:3]}
    assert response.context["total"] == Decimal("3774.19")  # 1500 + 1500 + 1500 × 16/31 (774.19)
    html = response.content.decode()
    for payment in may_paid[:3]:
        assert payment.placement.student.full_name in html
        assert str(payment.amount) in html
    assert cast.student_b.full_name not in html
    total = re.search(r"<tfoot>.*?<strong>(.*?)</strong>", html, re.DOTALL)
    assert total is not None
    assert total.group(1) == "3774.19"


def test_the_export_has_a_row_per_payment_adding_up_to_the_total(cast: Cast, may_paid: list[AllowancePayment]) -> None:
    office = client_for(cast, "office")
    for params in ({"month": "2026-05"}, {"month": "2026-05", "base": cast.base_a.pk}):
        body = list(sheet_of(office.get(reverse("assessments:ledger_export"), params)).iter_rows(min_row=2))
        total = office.get(reverse("assessments:ledger"), params).context["total"]
        expected = [p for p in may_paid if "base" not in params or p.base_id == cast.base_a.pk]
        assert len(body) == len(expected)
        assert sorted(str(row[1].value) for row in body) == sorted(p.placement.student.student_no for p in expected)
        assert {row[3].value for row in body} == {"2026-05"}
        assert all(row[5].data_type == "n" for row in body)
        assert sum((Decimal(str(row[5].value)) for row in body), Decimal(0)) == total


def test_a_base_admins_export_never_holds_the_other_base(cast: Cast, may_paid: list[AllowancePayment]) -> None:
    admin = client_for(cast, "baseadmin")
    for params in ({"month": "2026-05"}, {"month": "2026-05", "base": cast.base_b.pk}, {"month": "2026-04"}):
        body = list(sheet_of(admin.get(reverse("assessments:ledger_export"), params)).iter_rows(min_row=2))
        assert {row[0].value for row in body} <= {cast.base_a.name}
        numbers = {str(row[1].value) for row in body}
        assert cast.student_b.student_no not in numbers
        assert cast.student_b.full_name not in {row[2].value for row in body}
    may = list(sheet_of(admin.get(reverse("assessments:ledger_export"), {"month": "2026-05"})).iter_rows(min_row=2))
    assert len(may) == 3


# --- the statement ------------------------------------------------------------------------------


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils (scripts/sysdeps.sh)")
def test_the_statement_is_a_chinese_pdf_with_the_months_and_amounts(
    cast: Cast, may_paid: list[AllowancePayment], tmp_path: Path
) -> None:
    url = reverse("assessments:statement_pdf", args=[cast.placement_a.pk])
    assert client_for(cast, "baseadmin2").get(url).status_code == 404
    response = client_for(cast, "baseadmin").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "statement.pdf"
    path.write_bytes(response.content)

    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    wqy = [columns for columns in fonts if "WenQuanYi" in columns[0]]
    assert wqy, fonts
    assert all(columns[-5] == "yes" for columns in wqy)  # the "emb" column

    text = no_space(run("pdftotext", str(path), "-"))
    for expected in ("研究生生活补贴明细", "陈同学", "TS26A0001", "2026年4月", "2026年5月", "1500.00", "3000.00"):
        assert expected in text, (expected, text)


# --- the student's work summary -----------------------------------------------------------------


def test_the_student_saves_a_summary_for_a_month_in_practice(cast: Cast) -> None:
    student = client_for(cast, "student")
    url = reverse("assessments:work_summary")
    assert student.get(url).status_code == 200
    response = student.post(url, {"month": "2026-05", "text": "完成巡检算法现场调试"})
    assert response.status_code == 302
    summary = WorkSummary.objects.get(placement=cast.placement_a)
    assert (summary.month, summary.text) == (MAY, "完成巡检算法现场调试")
    student.post(url, {"month": "2026-05", "text": "改写后的总结"})
    assert list(WorkSummary.objects.values_list("text", flat=True)) == ["改写后的总结"]


@pytest.mark.parametrize("month", ["2026-02", "2026-09"])
def test_the_student_cannot_write_a_summary_outside_practice(cast: Cast, month: str) -> None:
    response = client_for(cast, "student").post(
        reverse("assessments:work_summary"), {"month": month, "text": "不在实践期内"}
    )
    assert response.status_code == 400
    assert "month" in response.context["form"].errors
    assert not WorkSummary.objects.exists()
