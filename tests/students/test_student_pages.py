"""The student, placement-step and demand pages as each persona drives them."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from base_portal.choices import FourLevelGrade
from mentors.services import appointment_create
from students.models import Placement, PositionDemand, SafetyAgreement, Selection
from students.services import demand_post, placement_create
from students.views.placements import STEPS
from tests import factories
from tests.conftest import Cast

D = dt.date


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def step_url(placement: Placement, name: str) -> str:
    return reverse("students:placement_step", args=[placement.pk, name])


def detail_url(placement: Placement) -> str:
    return reverse("students:student_detail", args=[placement.student_id])


@pytest.fixture
def newcomer(cast: Cast) -> Placement:
    """A student of college MEE, supervised by ``supervisor``, placed at base A with ``mentor``, in coursework."""
    student = factories.StudentFactory(full_name="钱新生", college=cast.college_mee, supervisor=cast.supervisor_mentor)
    return placement_create(student=student, base=cast.base_a, cooperative_mentor=cast.mentor_a, today=D(2026, 9, 1))


# --- the stage line and the step buttons --------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "steps"),
    [
        ("office", {"coursework", "plan", "safety", "insurance", "start"}),
        ("college", {"coursework"}),
        ("supervisor", set()),
        ("baseadmin", {"plan", "safety", "insurance", "start"}),
        ("mentor", set()),
    ],
)
def test_coursework_shows_the_steps_the_persona_may_take(
    cast: Cast, newcomer: Placement, persona: str, steps: set[str]
) -> None:
    response = client_for(cast, persona).get(detail_url(newcomer))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="stages-line"' in html
    assert "stage-coursework" in html
    shown = {name for name in STEPS if step_url(newcomer, name) in html}
    assert shown == steps


@pytest.mark.parametrize(
    ("persona", "steps"),
    [
        ("office", {"insurance", "notice", "finish"}),
        ("college", set()),
        ("supervisor", {"disclosure"}),
        ("baseadmin", {"insurance", "notice", "finish", "appraisal", "award"}),
        ("mentor", set()),
        ("student", {"disclosure"}),
    ],
)
def test_practice_shows_the_steps_the_persona_may_take(cast: Cast, persona: str, steps: set[str]) -> None:
    placement = cast.placement_a  # in practice
    html = client_for(cast, persona).get(detail_url(placement)).content.decode()
    assert "stage-practice" in html
    shown = {name for name in STEPS if step_url(placement, name) in html}
    assert shown == steps


@pytest.mark.parametrize(("persona", "status"), [("baseadmin2", 404), ("student", 404), ("outsider", 403)])
def test_a_student_out_of_reach_is_not_shown(cast: Cast, newcomer: Placement, persona: str, status: int) -> None:
    assert client_for(cast, persona).get(detail_url(newcomer)).status_code == status


# --- taking a step ------------------------------------------------------------------------------

SCAN = b"%PDF-1.4 safety agreement signed by three"


def safety_post() -> dict[str, object]:
    return {
        "base_signed_on": "2027-01-20",
        "student_signed_on": "2027-01-21",
        "supervisor_signed_on": "2027-01-22",
        "scan": SimpleUploadedFile("安全协议.pdf", SCAN, content_type="application/pdf"),
    }


def test_the_base_admin_records_the_safety_agreement_and_the_office_downloads_it(
    cast: Cast, newcomer: Placement
) -> None:
    response = client_for(cast, "baseadmin").post(step_url(newcomer, "safety"), safety_post())
    assert response.status_code == 302
    assert response["Location"] == detail_url(newcomer)
    agreement = SafetyAgreement.objects.get(placement=newcomer)
    assert agreement.fully_signed_on == D(2027, 1, 22)

    scan_url = reverse("students:safety_scan", args=[newcomer.pk])
    download = client_for(cast, "office").get(scan_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SCAN  # type: ignore[attr-defined]
    assert client_for(cast, "baseadmin2").get(scan_url).status_code == 404
    assert client_for(cast, "outsider").get(scan_url).status_code == 404


def test_another_enterprises_admin_cannot_take_a_step(cast: Cast, newcomer: Placement) -> None:
    response = client_for(cast, "baseadmin2").post(step_url(newcomer, "safety"), safety_post())
    assert response.status_code == 404
    assert not SafetyAgreement.objects.filter(placement=newcomer).exists()


def test_a_step_outside_the_role_is_forbidden(cast: Cast, newcomer: Placement) -> None:
    response = client_for(cast, "college").post(
        step_url(newcomer, "plan"), {"project": "越权", "planned_start": "2027-02-01", "planned_end": "2027-07-31"}
    )
    assert response.status_code == 403
    assert Placement.objects.get(pk=newcomer.pk).planned_practice_start is None


def test_an_unknown_step_is_not_found(cast: Cast, newcomer: Placement) -> None:
    assert client_for(cast, "office").get(step_url(newcomer, "graduate")).status_code == 404


def test_a_refused_step_re_renders_with_the_reason_and_changes_nothing(cast: Cast, newcomer: Placement) -> None:
    client = client_for(cast, "baseadmin")
    plan = {"project": "巡检机器人", "planned_start": "2027-02-01", "planned_end": "2027-07-30"}
    response = client.post(step_url(newcomer, "plan"), plan)
    assert response.status_code == 400
    html = response.content.decode()
    assert "2027-07-31" in html  # the earliest allowed end, beside the field
    assert "2028-01-31" in html
    after = Placement.objects.get(pk=newcomer.pk)
    assert (after.planned_practice_start, after.practice_project) == (None, "")

    response = client.post(step_url(newcomer, "plan"), {**plan, "planned_end": "2027-07-31"})
    assert response.status_code == 302
    assert Placement.objects.get(pk=newcomer.pk).planned_practice_end == D(2027, 7, 31)


def test_starting_practice_too_early_is_refused_on_the_page(cast: Cast, newcomer: Placement) -> None:
    response = client_for(cast, "office").post(step_url(newcomer, "start"), {"started_on": "2027-02-01"})
    assert response.status_code == 400
    after = Placement.objects.get(pk=newcomer.pk)
    assert (after.stage, after.practice_start) == (Placement.Stage.COURSEWORK, None)


# --- the appraisal PDF --------------------------------------------------------------------------


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils (scripts/sysdeps.sh)")
def test_the_appraisal_is_a_chinese_pdf_with_the_students_record(cast: Cast, tmp_path: Path) -> None:
    placement = cast.placement_a  # appraised "good", "表现良好", by the cast
    url = reverse("students:appraisal_pdf", args=[placement.pk])
    assert client_for(cast, "baseadmin2").get(url).status_code == 404
    response = client_for(cast, "office").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "appraisal.pdf"
    path.write_bytes(response.content)

    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    wqy = [columns for columns in fonts if "WenQuanYi" in columns[0]]
    assert wqy, fonts
    assert all(columns[-5] == "yes" for columns in wqy)  # the "emb" column

    text = no_space(run("pdftotext", str(path), "-"))
    with translation.override("zh-hans"):
        grade = str(FourLevelGrade.GOOD.label)
    for expected in ("研究生专业实践鉴定表", "陈同学", "TS26A0001", cast.base_a.name, grade, "表现良好"):
        assert no_space(expected) in text, (expected, text)


# --- demands and the agreement's minimum --------------------------------------------------------


def row_of(html: str, title: str) -> str:
    rows = [row for row in html.split("<tr>") if title in row]
    assert len(rows) == 1, rows
    return rows[0].split("</tr>")[0]


def test_the_demand_list_flags_a_year_below_the_agreements_minimum(cast: Cast) -> None:
    # Both cast agreements ask for at least 2 students a year.
    demand_post(base=cast.base_a, year=2027, title="甲-采矿岗", count=1)
    demand_post(base=cast.base_b, year=2027, title="乙-机电岗", count=2)  # exactly the minimum
    client = client_for(cast, "office")
    url = reverse("students:demand_list") + "?year=2027"
    html = client.get(url).content.decode()
    assert "status-closed" in row_of(html, "甲-采矿岗")
    assert "status-closed" not in row_of(html, "乙-机电岗")

    demand_post(base=cast.base_a, year=2027, title="甲-通风岗", count=1)  # the year's total reaches 2
    html = client.get(url).content.decode()
    assert "status-closed" not in row_of(html, "甲-采矿岗")
    assert "status-closed" not in row_of(html, "甲-通风岗")


def test_the_base_admin_sees_only_their_own_bases_demands(cast: Cast) -> None:
    html = client_for(cast, "baseadmin").get(reverse("students:demand_list")).content.decode()
    assert cast.base_a.name in html
    assert cast.base_b.name not in html


def test_a_base_admin_posts_demands_only_for_their_own_base(cast: Cast) -> None:
    client = client_for(cast, "baseadmin")
    demand = {"year": 2027, "title": "越权岗", "count": 2, "requirements": "", "description": ""}
    response = client.post(reverse("students:demand_create"), {**demand, "base": cast.base_b.pk})
    assert response.status_code == 400
    assert not PositionDemand.objects.filter(title="越权岗").exists()

    response = client.post(reverse("students:demand_create"), {**demand, "base": cast.base_a.pk})
    assert response.status_code == 302
    posted = PositionDemand.objects.get(title="越权岗")
    assert (posted.base, posted.posted_by) == (cast.base_a, cast.users["baseadmin"])


def test_only_the_party_b_role_posts_demands(cast: Cast) -> None:
    assert client_for(cast, "office").get(reverse("students:demand_create")).status_code == 403


# --- selection through the pages ----------------------------------------------------------------


def select(cast: Cast, **fields: object) -> tuple[int, Selection | None]:
    student = factories.StudentFactory(college=cast.college_mee, **fields)
    response = client_for(cast, "office").post(
        reverse("students:selection_create", args=[cast.demand_a.pk]), {"student": student.pk, "party_a_consent": ""}
    )
    return response.status_code, Selection.objects.filter(student=student).first()


def test_the_office_selects_and_the_base_admin_accepts_with_an_appointed_mentor(cast: Cast) -> None:
    status, selection = select(cast)
    assert status == 302
    assert selection is not None
    assert (selection.status, selection.demand, selection.selected_by) == (
        Selection.Status.PROPOSED,
        cast.demand_a,
        cast.users["office"],
    )
    url = reverse("students:selection_accept", args=[selection.pk])
    client = client_for(cast, "baseadmin")

    response = client.post(url, {"cooperative_mentor": cast.mentor_b.pk, "party_b_consent": ""})
    assert response.status_code == 400  # another base's mentor is not a choice
    assert Selection.objects.get(pk=selection.pk).status == Selection.Status.PROPOSED
    assert not Placement.objects.filter(student=selection.student).exists()

    response = client.post(url, {"cooperative_mentor": cast.mentor_a.pk, "party_b_consent": ""})
    assert response.status_code == 302
    placement = Placement.objects.get(student=selection.student)
    assert response["Location"] == detail_url(placement)
    assert (placement.stage, placement.base, placement.demand, placement.cooperative_mentor) == (
        Placement.Stage.COURSEWORK,
        cast.base_a,
        cast.demand_a,
        cast.mentor_a,
    )
    assert Selection.objects.get(pk=selection.pk).status == Selection.Status.ACCEPTED


def test_a_mentor_whose_appointment_lapsed_is_not_a_choice(cast: Cast) -> None:
    lapsed = factories.CooperativeMentorFactory(full_name="过期导师", base=cast.base_a)
    appointment_create(mentor=lapsed, starts_on=D(2020, 9, 1), ends_on=D(2023, 8, 31), letter_number="聘-过期")
    _status, selection = select(cast)
    assert selection is not None
    url = reverse("students:selection_accept", args=[selection.pk])
    client = client_for(cast, "baseadmin")
    assert "过期导师" not in client.get(url).content.decode()
    assert client.post(url, {"cooperative_mentor": lapsed.pk}).status_code == 400
    assert not Placement.objects.filter(student=selection.student).exists()


def test_another_enterprise_cannot_answer_the_selection(cast: Cast) -> None:
    url = reverse("students:selection_accept", args=[cast.selection_a.pk])
    assert client_for(cast, "baseadmin2").post(url, {"cooperative_mentor": cast.mentor_b.pk}).status_code == 404
    assert Selection.objects.get(pk=cast.selection_a.pk).status == Selection.Status.PROPOSED


def test_a_student_outside_the_group_needs_consent_on_the_page(cast: Cast) -> None:
    status, selection = select(cast, study_mode="part_time")
    assert (status, selection) == (400, None)
