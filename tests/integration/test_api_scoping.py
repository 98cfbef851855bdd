"""A token reaches exactly what its account reaches in the pages, and the filters narrow within that."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import QuerySet

from agreements.models import EvaluationCycle
from agreements.selectors import agreements_visible_to, bases_visible_to, evaluations_visible_to
from assessments.models import AllowancePayment, MonthlyAssessment
from assessments.selectors import assessments_visible_to, payments_visible_to
from integration.models import Tombstone
from integration.selectors import tombstones_visible_to
from mentors.models import Mentor
from mentors.selectors import appointments_visible_to, mentors_visible_to
from students.models import Placement, PracticeNotice, Student
from students.selectors import notices_visible_to, placements_visible_to, students_visible_to
from tests import factories
from tests.conftest import Cast

from .support import COLLECTIONS, ids, token_client, url

# Each collection: the selector its pages use, and the model permission that opens it.
SCOPE: dict[str, tuple[Callable[[Any], QuerySet[Any]], str]] = {
    "bases": (bases_visible_to, "agreements.view_trainingbase"),
    "agreements": (agreements_visible_to, "agreements.view_agreement"),
    "evaluations": (evaluations_visible_to, "agreements.view_evaluationcycle"),
    "students": (students_visible_to, "students.view_student"),
    "placements": (placements_visible_to, "students.view_placement"),
    "notices": (notices_visible_to, "students.view_practicenotice"),
    "mentors": (mentors_visible_to, "mentors.view_mentor"),
    "appointments": (appointments_visible_to, "mentors.view_appointment"),
    "assessments": (assessments_visible_to, "assessments.view_monthlyassessment"),
    "allowance-payments": (payments_visible_to, "assessments.view_allowancepayment"),
    "deletions": (tombstones_visible_to, "integration.view_tombstone"),
}
# Each collection's base-B record, and how its detail address names it.
SIDE_B: dict[str, Callable[[Cast], str]] = {
    "bases": lambda c: str(c.base_b.pk),
    "agreements": lambda c: str(c.agreement_b.pk),
    "evaluations": lambda c: str(c.cycle_b.pk),
    "students": lambda c: c.student_b.student_no,
    "placements": lambda c: str(c.placement_b.pk),
    "notices": lambda c: str(c.notice_b.pk),
    "mentors": lambda c: str(c.mentor_b.pk),
    "appointments": lambda c: str(c.appointment_b.pk),
    "assessments": lambda c: str(c.assessment_b.pk),
    "allowance-payments": lambda c: str(c.payment_b.pk),
    "deletions": lambda c: str(Tombstone.objects.get(base_id=c.base_b.pk).pk),
}
SIDE_A: dict[str, Callable[[Cast], str]] = {
    "bases": lambda c: str(c.base_a.pk),
    "agreements": lambda c: str(c.agreement_a.pk),
    "evaluations": lambda c: str(c.cycle_a.pk),
    "students": lambda c: c.student_a.student_no,
    "placements": lambda c: str(c.placement_a.pk),
    "notices": lambda c: str(c.notice_a.pk),
    "mentors": lambda c: str(c.mentor_a.pk),
    "appointments": lambda c: str(c.appointment_a.pk),
    "assessments": lambda c: str(c.assessment_a.pk),
    "allowance-payments": lambda c: str(c.payment_a.pk),
    "deletions": lambda c: str(Tombstone.objects.get(base_id=c.base_a.pk).pk),
}
BASE_FILTERED = ("agreements", "evaluations", "placements", "notices", "mentors", "appointments", "assessments")


def notice(placement: Placement, kind: str = PracticeNotice.Kind.EXTEND, reason: str = "延期") -> PracticeNotice:
    return PracticeNotice.objects.create(
        placement=placement,
        kind=kind,
        filed_by="A",
        notice_date=dt.date(2026, 1, 1),
        new_end=dt.date(2026, 12, 1),
        reason=reason,
    )


def found(client: Any, collection: str, **params: Any) -> list[int]:
    """The ids a filtered collection gives, in id order."""
    return sorted(ids(client, collection, **params))


@pytest.fixture
def deleted(cast: Cast) -> None:
    """A deleted notice at each base and a deleted student (of no base)."""
    extra = [notice(cast.placement_a), notice(cast.placement_b)]
    PracticeNotice.objects.filter(pk__in=[n.pk for n in extra]).delete()
    Student.objects.filter(pk=factories.StudentFactory(college=cast.college_mee).pk).delete()


def expected(cast: Cast, persona: str) -> dict[str, Any]:
    """What the pages give the persona: the selector's ids, or 403 where the role may not read the kind."""
    user = cast.users[persona]
    return {
        collection: sorted(selector(user).values_list("pk", flat=True)) if user.has_perm(permission) else 403
        for collection, (selector, permission) in SCOPE.items()
    }


def answered(cast: Cast, persona: str) -> dict[str, Any]:
    client = token_client(cast.users[persona])
    result: dict[str, Any] = {}
    for collection in COLLECTIONS:
        response = client.get(url(collection, page_size=1000))
        result[collection] = (
            sorted(row["id"] for row in response.json()["results"])
            if response.status_code == 200
            else response.status_code
        )
    return result


@pytest.mark.usefixtures("deleted")
@pytest.mark.parametrize(
    "persona", ["office", "api_client", "baseadmin", "baseadmin2", "college", "supervisor", "mentor", "student"]
)
def test_a_token_reaches_exactly_what_the_pages_show_its_account(cast: Cast, persona: str) -> None:
    assert answered(cast, persona) == expected(cast, persona)


@pytest.mark.usefixtures("deleted")
def test_a_base_admin_reaches_nothing_of_base_b(cast: Cast) -> None:
    client = token_client(cast.users["baseadmin"])
    rows = {collection: client.get(url(collection, page_size=1000)).json()["results"] for collection in COLLECTIONS}
    assert all(rows.values())
    bases = {collection: {row.get("base", row.get("base_id")) for row in found} for collection, found in rows.items()}
    assert all(cast.base_b.pk not in found for found in bases.values())
    assert [row["id"] for row in rows["bases"]] == [cast.base_a.pk]
    assert cast.student_b.student_no not in {row["student_no"] for row in rows["students"]}
    assert cast.mentor_b.pk not in {row["id"] for row in rows["mentors"]}
    assert cast.notice_b.pk not in {row["id"] for row in rows["notices"]}


@pytest.mark.usefixtures("deleted")
def test_base_b_records_are_404_for_base_as_admin(cast: Cast) -> None:
    client = token_client(cast.users["baseadmin"])
    answers = {}
    for collection, key in SIDE_B.items():
        response = client.get(url(f"{collection}/{key(cast)}"))
        answers[collection] = (response.status_code, response.json()["code"], set(response.json()))
    assert answers == dict.fromkeys(SIDE_B, (404, "not_found", {"code", "message", "errors"}))


@pytest.mark.usefixtures("deleted")
def test_base_a_records_open_for_base_as_admin(cast: Cast) -> None:
    client = token_client(cast.users["baseadmin"])
    answers = {}
    for collection, key in SIDE_A.items():
        response = client.get(url(f"{collection}/{key(cast)}"))
        answers[collection] = (response.status_code, str(response.json().get("id")))
    assert answers == {
        collection: (200, key(cast) if collection != "students" else str(cast.student_a.pk))
        for collection, key in SIDE_A.items()
    }


@pytest.mark.usefixtures("deleted")
def test_base_as_records_are_404_for_base_bs_admin(cast: Cast) -> None:
    client = token_client(cast.users["baseadmin2"])
    statuses = {
        collection: client.get(url(f"{collection}/{key(cast)}")).status_code for collection, key in SIDE_A.items()
    }
    assert statuses == dict.fromkeys(SIDE_A, 404)


def test_an_account_without_a_role_is_403_everywhere(cast: Cast) -> None:
    client = token_client(cast.users["outsider"])
    answers = {}
    for collection in COLLECTIONS:
        response = client.get(url(collection))
        answers[collection] = (response.status_code, response.json()["code"])
    answers["student detail"] = (client.get(url("students/TS26A0001")).status_code, "")
    assert answers == {**dict.fromkeys(COLLECTIONS, (403, "permission_denied")), "student detail": (403, "")}


def test_the_api_root_lists_every_collection(cast: Cast) -> None:
    response = token_client(cast.users["baseadmin"]).get("/api/v1/")
    assert response.status_code == 200
    assert set(response.json()) == set(COLLECTIONS)


# --- filters ------------------------------------------------------------------------------------


def test_the_base_filter_keeps_that_bases_records(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    user = cast.users["office"]
    result = {collection: found(office, collection, base=cast.base_a.pk) for collection in BASE_FILTERED}
    result["allowance-payments"] = found(office, "allowance-payments", base=cast.base_a.pk)
    wanted = {
        "agreements": [cast.agreement_a.pk],
        "evaluations": sorted(evaluations_visible_to(user).filter(base=cast.base_a).values_list("pk", flat=True)),
        "placements": [cast.placement_a.pk],
        "notices": [cast.notice_a.pk],
        "mentors": [cast.mentor_a.pk],
        "appointments": [cast.appointment_a.pk],
        "assessments": [cast.assessment_a.pk],
        "allowance-payments": [cast.payment_a.pk],
    }
    assert result == wanted


def test_a_base_filter_cannot_reach_past_the_accounts_scope(cast: Cast) -> None:
    client = token_client(cast.users["baseadmin"])
    result = {collection: found(client, collection, base=cast.base_b.pk) for collection in BASE_FILTERED}
    assert result == {collection: [] for collection in BASE_FILTERED}


def test_an_unknown_base_filters_to_nothing(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    assert found(office, "placements", base=999_999) == []


def test_the_student_number_filters(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    factories.PlacementFactory(student=cast.student_b, base=cast.base_a, cooperative_mentor=cast.mentor_a)
    assert found(office, "students", student_no=cast.student_a.student_no) == [cast.student_a.pk]
    assert found(office, "placements", student_no=cast.student_a.student_no) == [cast.placement_a.pk]
    assert len(found(office, "placements", student_no=cast.student_b.student_no)) == 2
    assert found(office, "students", student_no="NOBODY") == []


def test_the_college_and_year_filter_students(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    later = factories.StudentFactory(college=cast.college_cs, enrolment_year=2026)
    in_cs = sorted(Student.objects.filter(college=cast.college_cs).values_list("pk", flat=True))
    assert found(office, "students", college="CS") == in_cs
    assert found(office, "students", college="CS", enrolment_year=2026) == [later.pk]


def test_the_stage_filters_placements(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    coursework = factories.PlacementFactory(base=cast.base_a, stage=Placement.Stage.COURSEWORK)
    assert found(office, "placements", stage="coursework") == [coursework.pk]
    assert found(office, "placements", stage="practice") == sorted([cast.placement_a.pk, cast.placement_b.pk])
    assert found(office, "placements", stage="thesis") == []


def test_the_kind_filters_notices_and_mentors(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    extend = notice(cast.placement_a)
    assert found(office, "notices", kind="extend") == [extend.pk]
    assert found(office, "notices", kind="end_early") == sorted([cast.notice_a.pk, cast.notice_b.pk])
    assert found(office, "notices", kind="end_early", base=cast.base_b.pk) == [cast.notice_b.pk]
    supervisors = sorted(Mentor.objects.filter(kind=Mentor.Kind.SUPERVISOR).values_list("pk", flat=True))
    assert found(office, "mentors", kind="supervisor") == supervisors
    assert found(office, "mentors", kind="cooperative") == sorted([cast.mentor_a.pk, cast.mentor_b.pk])


def test_the_staff_number_filters_mentors(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    supervisor = factories.SupervisorFactory(staff_no="S0042", college=cast.college_mee)
    assert found(office, "mentors", staff_no="S0042") == [supervisor.pk]


@pytest.fixture
def months(cast: Cast) -> dict[str, tuple[MonthlyAssessment, AllowancePayment | None]]:
    """Placement A's March (paid), April (the cast's) and May (a draft, not yet paid for)."""
    march = MonthlyAssessment.objects.create(
        placement=cast.placement_a,
        base=cast.base_a,
        month=dt.date(2026, 3, 1),
        attendance_days=20,
        score=90,
        grade="excellent",
        state=MonthlyAssessment.State.CONFIRMED,
    )
    march_paid = AllowancePayment.objects.create(
        assessment=march,
        placement=cast.placement_a,
        base=cast.base_a,
        month=march.month,
        policy=cast.payment_a.policy,
        days_in_practice=31,
        amount=Decimal("1500.00"),
        paid_on=dt.date(2026, 4, 10),
        reference="PAY-3",
    )
    may = MonthlyAssessment.objects.create(
        placement=cast.placement_a,
        base=cast.base_a,
        month=dt.date(2026, 5, 1),
        attendance_days=10,
        score=70,
        grade="pass",
        state=MonthlyAssessment.State.DRAFT,
    )
    return {"march": (march, march_paid), "april": (cast.assessment_a, cast.payment_a), "may": (may, None)}


def test_the_month_range_filters_assessments_and_payments(cast: Cast, months: dict[str, Any]) -> None:
    office = token_client(cast.users["office"])
    march, april, may = months["march"][0].pk, cast.assessment_a.pk, months["may"][0].pk
    assert found(office, "assessments", month_from="2026-04-01") == sorted([april, cast.assessment_b.pk, may])
    assert found(office, "assessments", month_to="2026-04-01", base=cast.base_a.pk) == sorted([march, april])
    assert found(office, "assessments", month_from="2026-04-01", month_to="2026-04-30", base=cast.base_a.pk) == [april]
    assert found(office, "assessments", month="2026-05-01") == [may]
    assert found(office, "allowance-payments", month_to="2026-03-31") == [months["march"][1].pk]
    assert found(office, "allowance-payments", month_from="2026-05-01") == []


def test_the_state_filters_assessments_and_evaluations(cast: Cast, months: dict[str, Any]) -> None:
    office = token_client(cast.users["office"])
    assert found(office, "assessments", state="draft") == [months["may"][0].pk]
    assert months["may"][0].pk not in found(office, "assessments", state="confirmed")
    EvaluationCycle.objects.filter(pk=cast.cycle_b.pk).update(state=EvaluationCycle.State.SUBMITTED)
    assert found(office, "evaluations", state="submitted") == [cast.cycle_b.pk]
    assert cast.cycle_a.pk in found(office, "evaluations", state=cast.cycle_a.state)
    assert cast.cycle_b.pk not in found(office, "evaluations", state=cast.cycle_a.state)


def test_paid_filters_payments(cast: Cast, months: dict[str, Any]) -> None:
    office = token_client(cast.users["office"])
    assert found(office, "allowance-payments", paid="true") == [months["march"][1].pk]
    assert found(office, "allowance-payments", paid="false") == sorted([cast.payment_a.pk, cast.payment_b.pk])
    assert len(found(office, "allowance-payments")) == 3


def test_filters_narrow_a_base_admins_scope_only(cast: Cast, months: dict[str, Any]) -> None:
    client = token_client(cast.users["baseadmin2"])
    assert found(client, "allowance-payments", paid="false") == [cast.payment_b.pk]
    assert found(client, "allowance-payments", paid="true") == []
    assert found(client, "assessments", month_from="2026-03-01") == [cast.assessment_b.pk]


def test_the_bases_filter_by_enterprise_credit_code(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    assert found(office, "bases", enterprise_credit_code=cast.enterprise_b.credit_code) == [cast.base_b.pk]
    assert found(office, "bases", status="active") == sorted([cast.base_a.pk, cast.base_b.pk])


def test_agreements_and_appointments_filter_by_day(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    both = sorted([cast.agreement_a.pk, cast.agreement_b.pk])
    assert found(office, "agreements", in_force_on="2026-06-01") == both
    assert found(office, "agreements", in_force_on="2020-06-01") == []
    appointments = sorted([cast.appointment_a.pk, cast.appointment_b.pk])
    assert found(office, "appointments", current_on="2030-01-01") == appointments
    assert found(office, "appointments", current_on="2040-01-01") == []
    assert found(office, "appointments", mentor=cast.mentor_b.pk) == [cast.appointment_b.pk]


def test_evaluations_filter_by_due_day(cast: Cast) -> None:
    office = token_client(cast.users["office"])
    due = cast.cycle_a.due_on
    assert cast.cycle_a.pk in found(office, "evaluations", due_before=due.isoformat())
    assert found(office, "evaluations", due_before=(due - dt.timedelta(days=3650)).isoformat()) == []
