"""The mentor pages as each role drives them: recommending, deciding, letters, pay and the mentor list."""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from mentors.models import Appointment, Degree, Mentor, MentorRecommendation, RemunerationRecord, TitleLevel
from mentors.services import appointment_create, criteria_update, recommendation_create, remuneration_record
from students.models import Placement
from tests import factories
from tests.conftest import Cast

D = dt.date
DAY = dt.timedelta(days=1)


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def cv(name: str = "简历.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 curriculum vitae", content_type="application/pdf")


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- recommending and deciding ------------------------------------------------------------------


CANDIDATE = {
    "full_name": "赵候选",
    "title": "正高级工程师",
    "title_level": TitleLevel.SENIOR,
    "degree": Degree.DOCTORATE,
    "years_of_experience": 12,
    "field": "安全工程",
    "phone": "13800000000",
    "email": "zhao@example.com",
    "reason": "长期指导现场实践",
}


def test_base_admin_recommends_for_their_own_base_only(cast: Cast) -> None:
    admin = client_for(cast, "baseadmin")
    url = reverse("mentors:recommendation_create")
    page = admin.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["base"].queryset) == [cast.base_a]

    before = MentorRecommendation.objects.count()
    response = admin.post(url, {**CANDIDATE, "base": cast.base_b.pk, "cv": cv()})
    assert response.status_code == 400
    assert MentorRecommendation.objects.count() == before

    response = admin.post(url, {**CANDIDATE, "base": cast.base_a.pk, "cv": cv()})
    recommendation = MentorRecommendation.objects.get(full_name="赵候选")
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:recommendation_detail", args=[recommendation.pk])
    assert (recommendation.base, recommendation.recommended_by) == (cast.base_a, cast.users["baseadmin"])
    assert recommendation.status == MentorRecommendation.Status.PENDING
    assert (recommendation.title_level, recommendation.degree, recommendation.years_of_experience) == (
        "senior",
        "doctorate",
        12,
    )

    download = client_for(cast, "office").get(reverse("mentors:recommendation_cv", args=[recommendation.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 curriculum vitae"
    # The other enterprise's admin does not reach it at all.
    other = client_for(cast, "baseadmin2")
    assert other.get(reverse("mentors:recommendation_detail", args=[recommendation.pk])).status_code == 404


def marks(response: HttpResponse) -> tuple[int, int]:
    html = response.content.decode()
    return html.count("✓"), html.count("✗")


def test_office_sees_the_candidate_against_the_criteria(cast: Cast) -> None:
    office = client_for(cast, "office")
    meets = cast.recommendation_a  # associate senior, master's, 8 years: meets the default criteria
    short = recommendation_create(
        base=cast.base_a,
        recommended_by=cast.users["baseadmin"],
        full_name="钱候选",
        title="工程师",
        title_level=TitleLevel.INTERMEDIATE,
        degree=Degree.MASTER,
        years_of_experience=4,
        field="机械",
        cv=cv(),
    )

    def detail(recommendation: MentorRecommendation) -> HttpResponse:
        response = office.get(reverse("mentors:recommendation_detail", args=[recommendation.pk]))
        assert response.status_code == 200
        return response

    assert marks(detail(meets)) == (3, 0)
    response = detail(short)
    assert marks(response) == (1, 2)  # title level and years not met; the degree is
    assert [r.met for r in response.context["results"]] == [False, True, False]
    assert response.context["meets_all"] is False

    criteria_update(min_title_level=TitleLevel.INTERMEDIATE, min_degree=Degree.MASTER, min_years_of_experience=4)
    assert marks(detail(short)) == (3, 0)
    criteria_update(min_title_level=TitleLevel.ASSOCIATE_SENIOR, min_degree=Degree.DOCTORATE, min_years_of_experience=9)
    assert marks(detail(meets)) == (1, 2)


def test_office_appoints_through_the_page_and_downloads_the_letter(cast: Cast) -> None:
    office = client_for(cast, "office")
    recommendation = cast.recommendation_a
    url = reverse("mentors:recommendation_appoint", args=[recommendation.pk])
    # A base admin may read the recommendation but not decide on it.
    refused = client_for(cast, "baseadmin").post(
        url, {"starts_on": "2025-09-01", "ends_on": "2028-08-31", "letter_number": "研聘〔2025〕018号"}
    )
    assert refused.status_code == 403
    assert office.get(url).status_code == 200

    response = office.post(
        url, {"starts_on": "2025-09-01", "ends_on": "2028-08-31", "letter_number": "研聘〔2025〕018号"}
    )
    recommendation.refresh_from_db()
    mentor = recommendation.mentor
    assert mentor is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:mentor_detail", args=[mentor.pk])
    assert (recommendation.status, recommendation.decided_by) == ("appointed", cast.users["office"])
    assert recommendation.decided_on == timezone.localdate()

    appointment = Appointment.objects.get(mentor=mentor)
    page = office.get(response["Location"])
    html = page.content.decode()
    assert "研聘〔2025〕018号" in html
    assert "2025-09-01 – 2028-08-31" in html
    letter_url = reverse("mentors:appointment_letter", args=[appointment.pk])
    assert letter_url in html

    letter = office.get(letter_url)
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter["Content-Disposition"].startswith("attachment")
    assert letter.content.startswith(b"%PDF")
    # The page no longer offers a decision.
    assert (
        office.post(url, {"starts_on": "2025-09-01", "ends_on": "2028-08-31", "letter_number": "另一号"}).status_code
        == 400
    )
    assert Appointment.objects.filter(mentor__full_name=recommendation.full_name).count() == 1


def test_a_candidate_below_the_criteria_needs_a_reason_on_the_page(cast: Cast) -> None:
    criteria_update(min_title_level=TitleLevel.SENIOR, min_degree=Degree.MASTER, min_years_of_experience=5)
    office = client_for(cast, "office")
    url = reverse("mentors:recommendation_appoint", args=[cast.recommendation_a.pk])
    term = {"starts_on": "2025-09-01", "ends_on": "2028-08-31", "letter_number": "研聘〔2025〕019号"}
    mentors = Mentor.objects.count()
    response = office.post(url, term)
    assert response.status_code == 400
    assert response.context["form"].errors["exception_reason"]
    assert Mentor.objects.count() == mentors

    assert office.post(url, {**term, "exception_reason": "行业领军人才"}).status_code == 302
    cast.recommendation_a.refresh_from_db()
    assert cast.recommendation_a.decision_reason == "行业领军人才"


def test_a_rejection_reaches_the_base_admin_with_its_reason(cast: Cast) -> None:
    office = client_for(cast, "office")
    recommendation = cast.recommendation_a
    url = reverse("mentors:recommendation_reject", args=[recommendation.pk])
    assert office.post(url, {"reason": ""}).status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.status == MentorRecommendation.Status.PENDING

    response = office.post(url, {"reason": "近三年无研究生指导经历"})
    assert response["Location"] == reverse("mentors:recommendation_detail", args=[recommendation.pk])
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.decision_reason) == ("rejected", "近三年无研究生指导经历")

    page = client_for(cast, "baseadmin").get(response["Location"])
    assert page.status_code == 200
    assert "近三年无研究生指导经历" in page.content.decode()
    assert not page.context["can_decide"]
    assert not Mentor.objects.filter(full_name=recommendation.full_name).exists()


# --- the appointment letter ---------------------------------------------------------------------


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils (scripts/sysdeps.sh)")
def test_the_appointment_letter_is_a_chinese_pdf_with_the_term(cast: Cast, tmp_path: Path) -> None:
    mentor = factories.CooperativeMentorFactory(full_name="欧阳明远", base=cast.base_a, title="正高级工程师")
    appointment = appointment_create(
        mentor=mentor, starts_on=D(2025, 9, 1), ends_on=D(2028, 8, 31), letter_number="研聘〔2025〕021号"
    )
    url = reverse("mentors:appointment_letter", args=[appointment.pk])
    assert client_for(cast, "baseadmin2").get(url).status_code == 404  # another enterprise's mentor
    response = client_for(cast, "office").get(url)
    assert response.status_code == 200
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)

    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    wqy = [columns for columns in fonts if "WenQuanYi" in columns[0]]
    assert wqy, fonts
    assert all(columns[-5] == "yes" for columns in wqy)  # the "emb" column

    text = no_space(run("pdftotext", str(path), "-"))
    for expected in (
        "聘书",
        "欧阳明远",
        cast.university.name,
        cast.base_a.name,
        "研聘〔2025〕021号",
        "2025年9月1日",
        "2028年8月31日",
    ):
        assert expected in text, (expected, text)


# --- remuneration -------------------------------------------------------------------------------


@pytest.fixture
def pay(cast: Cast) -> dict[str, RemunerationRecord]:
    """Five records over two bases: A1, B1 from the cast (Jan–Jun 2026), and three more."""

    def record(mentor: Mentor, start: dt.date, end: dt.date, amount: str, reference: str = "") -> RemunerationRecord:
        return remuneration_record(
            mentor=mentor,
            period_start=start,
            period_end=end,
            basis=RemunerationRecord.Basis.WORKLOAD,
            quantity=Decimal("40.5"),
            amount=Decimal(amount),
            reference=reference,
        )

    return {
        "A1": cast.remuneration_a,
        "B1": cast.remuneration_b,
        "A2": record(cast.mentor_a, D(2026, 7, 1), D(2026, 12, 31), "2000.10", "2026-财-02"),
        "A0": record(cast.mentor_a, D(2025, 9, 1), D(2025, 12, 31), "800.20"),
        "B2": record(cast.mentor_b, D(2026, 7, 1), D(2026, 9, 30), "600.05"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"A0", "A1", "A2", "B1", "B2"}),
        ({"base": "A"}, {"A0", "A1", "A2"}),
        ({"base": "B"}, {"B1", "B2"}),
        # Overlap with [from, to]: a period ending on "from" or starting on "to" counts.
        ({"period_from": "2026-06-30", "period_to": "2026-07-01"}, {"A1", "A2", "B1", "B2"}),
        ({"period_from": "2026-07-01"}, {"A2", "B2"}),
        ({"period_to": "2025-12-31"}, {"A0"}),
        ({"period_from": "2026-10-01", "period_to": "2026-10-31"}, {"A2"}),
        ({"base": "A", "period_from": "2026-01-01", "period_to": "2026-06-30"}, {"A1"}),
        ({"base": "B", "period_to": "2025-12-31"}, set()),
    ],
)
def test_remuneration_list_filters_and_totals(
    cast: Cast, pay: dict[str, RemunerationRecord], query: dict[str, str], expected: set[str]
) -> None:
    bases = {"A": cast.base_a.pk, "B": cast.base_b.pk}
    params = {key: bases.get(value, value) if key == "base" else value for key, value in query.items()}
    office = client_for(cast, "office")
    response = office.get(reverse("mentors:remuneration_list"), params)
    assert response.status_code == 200
    names = {record.pk: name for name, record in pay.items()}
    assert {names[record.pk] for record in response.context["page"].object_list} == expected
    total = sum((pay[name].amount for name in expected), Decimal("0"))
    assert response.context["total"] == (total if expected else None)

    export = office.get(reverse("mentors:remuneration_export"), params)
    rows = list(sheet_of(export).iter_rows(min_row=2))
    assert len(rows) == len(expected)
    assert sum((Decimal(str(row[6].value)) for row in rows), Decimal("0")) == total


def test_remuneration_total_is_shown_like_the_amounts(cast: Cast, pay: dict[str, RemunerationRecord]) -> None:
    html = client_for(cast, "office").get(reverse("mentors:remuneration_list")).content.decode()
    shown = re.search(r"<tfoot>.*?<strong>(.*?)</strong>", html, re.DOTALL)
    assert shown is not None
    assert shown.group(1) == "6400.35"  # 800.20 + 1500.00 + 2000.10 + 1500.00 + 600.05


def sheet_of(response: HttpResponse) -> Worksheet:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


def expected_headers() -> list[str]:
    names = ["Base", "Mentor", "Period starts", "Period ends", "Basis", "Quantity", "Amount (CNY)", "Paid on"]
    with translation.override(settings.LANGUAGE_CODE):
        return [translation.gettext(name) for name in [*names, "Payment reference"]]


def test_remuneration_export_has_a_header_and_a_row_per_record(cast: Cast, pay: dict[str, RemunerationRecord]) -> None:
    sheet = sheet_of(client_for(cast, "office").get(reverse("mentors:remuneration_export"), {"base": cast.base_a.pk}))
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == expected_headers()
    body = rows[1:]
    assert len(body) == 3
    by_start = {row[2].value.date(): row for row in body}
    for name in ("A0", "A1", "A2"):
        record = pay[name]
        row = by_start[record.period_start]
        assert [row[0].value, row[1].value] == [cast.base_a.name, cast.mentor_a.full_name]
        assert row[3].value.date() == record.period_end
        for cell, value in ((row[5], record.quantity), (row[6], record.amount)):
            assert cell.data_type == "n"
            assert Decimal(str(cell.value)) == value
    assert by_start[D(2026, 7, 1)][8].value == "2026-财-02"


def test_base_admin_exports_only_their_own_bases(cast: Cast, pay: dict[str, RemunerationRecord]) -> None:
    admin = client_for(cast, "baseadmin")
    for params in ({}, {"base": cast.base_b.pk}):  # naming base B does not reach it
        rows = list(sheet_of(admin.get(reverse("mentors:remuneration_export"), params)).iter_rows(min_row=2))
        assert {row[0].value for row in rows} == {cast.base_a.name}
        assert len(rows) == 3
        page = admin.get(reverse("mentors:remuneration_list"), params)
        assert {record.base_id for record in page.context["page"].object_list} == {cast.base_a.pk}
    choices = admin.get(reverse("mentors:remuneration_list")).context["filter"].form.fields["base"].queryset
    assert list(choices) == [cast.base_a]


def test_a_reference_that_looks_like_a_formula_is_exported_as_text(cast: Cast) -> None:
    remuneration_record(
        mentor=cast.mentor_a,
        period_start=D(2026, 7, 1),
        period_end=D(2026, 7, 31),
        basis=RemunerationRecord.Basis.TIME,
        quantity=Decimal("1"),
        amount=Decimal("100.00"),
        reference='=HYPERLINK("x")',
    )
    sheet = sheet_of(client_for(cast, "office").get(reverse("mentors:remuneration_export")))
    (cell,) = [row[8] for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[8].value)]
    assert cell.value == '\'=HYPERLINK("x")'
    assert cell.data_type == "s"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


# --- the mentor list ----------------------------------------------------------------------------


def test_the_load_counts_students_in_practice(cast: Cast) -> None:
    for stage in (Placement.Stage.PRACTICE, Placement.Stage.COURSEWORK, Placement.Stage.THESIS):
        factories.PlacementFactory(base=cast.base_a, cooperative_mentor=cast.mentor_a, stage=stage)
    response = client_for(cast, "office").get(reverse("mentors:mentor_list"))
    assert response.status_code == 200
    load = {mentor.full_name: mentor.mentoring for mentor in response.context["page"].object_list}
    # placement_a and the new placement in practice; coursework and thesis are not load.
    assert load[cast.mentor_a.full_name] == 2
    assert load[cast.mentor_b.full_name] == 1
    html = response.content.decode()
    row = re.search(rf"{cast.mentor_a.full_name}</a></td>.*?</tr>", html, re.DOTALL)
    assert row is not None
    cell = re.search(r'class="num">([^<]*)</td>', row.group(0))
    assert cell is not None
    assert re.findall(r"\d+", cell.group(1)) == ["2"], cell.group(1)


def test_the_appointment_filter_splits_cooperative_mentors(cast: Cast) -> None:
    today = timezone.localdate()
    year = dt.timedelta(days=365)

    def mentor(name: str, *terms: tuple[dt.date, dt.date]) -> Mentor:
        created = factories.CooperativeMentorFactory(full_name=name, base=cast.base_a)
        for number, (start, end) in enumerate(terms):
            appointment_create(mentor=created, starts_on=start, ends_on=end, letter_number=f"{name}-{number}")
        return created

    mentor("在聘", (today - year, today + year))
    mentor("今天到期", (today - year, today))
    mentor("今天开始", (today, today + year))
    mentor("续聘", (today - 2 * year, today - year), (today - year + DAY, today + year))
    mentor("昨天到期", (today - year, today - DAY))
    mentor("明天开始", (today + DAY, today + year))
    mentor("未聘")

    office = client_for(cast, "office")

    def names(state: str) -> set[str]:
        response = office.get(reverse("mentors:mentor_list"), {"appointment": state})
        assert response.status_code == 200
        return {m.full_name for m in response.context["page"].object_list}

    cast_current = {
        m.full_name
        for m in (cast.mentor_a, cast.mentor_b)
        if any(a.state_on(today) == Appointment.State.CURRENT for a in m.appointments.all())
    }
    current, lapsed = names("current"), names("lapsed")
    assert current == {"在聘", "今天到期", "今天开始", "续聘"} | cast_current
    assert lapsed == {"昨天到期", "明天开始", "未聘"} | (
        {cast.mentor_a.full_name, cast.mentor_b.full_name} - cast_current
    )
    supervisors = set(Mentor.objects.filter(kind=Mentor.Kind.SUPERVISOR).values_list("full_name", flat=True))
    assert not (current | lapsed) & supervisors


def test_the_base_filter_offers_a_base_admin_only_their_base(cast: Cast) -> None:
    admin = client_for(cast, "baseadmin")
    url = reverse("mentors:mentor_list")
    response = admin.get(url)
    assert list(response.context["filter"].form.fields["base"].queryset) == [cast.base_a]
    assert cast.base_b.name not in response.content.decode()
    response = admin.get(url, {"base": cast.base_b.pk})  # not a choice: no base B mentor appears
    assert response.status_code == 200
    assert cast.mentor_b not in response.context["page"].object_list
    office_choices = client_for(cast, "office").get(url).context["filter"].form.fields["base"].queryset
    assert set(office_choices) == {cast.base_a, cast.base_b}
    by_base = client_for(cast, "office").get(url, {"base": cast.base_a.pk}).context["page"].object_list
    assert {m.base_id for m in by_base} == {cast.base_a.pk}
