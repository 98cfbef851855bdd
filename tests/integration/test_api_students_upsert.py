"""The graduate management system's writes: PUT /api/v1/students/<student_no>/ and POST .../students/bulk/."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from students.models import Student
from tests import factories
from tests.conftest import Cast

from .support import READ_WRITE, STUDENT, bearer, issue_key, url

NUMBER = "TS26N0001"


def student(**overrides: Any) -> dict[str, Any]:
    return {**STUDENT, "supervisor_staff_no": None, **overrides}


def row(student_no: str, **overrides: Any) -> dict[str, Any]:
    return {**student(**overrides), "student_no": student_no}


@pytest.fixture
def client(cast: Cast) -> Client:
    """The graduate management system: the API client account, reading and writing students."""
    return bearer(issue_key(cast.users["api_client"], READ_WRITE))


def put(client: Client, data: dict[str, Any], student_no: str = NUMBER) -> Any:
    return client.put(url(f"students/{student_no}"), data, content_type="application/json")


def bulk(client: Client, rows: list[dict[str, Any]]) -> Any:
    return client.post(url("students/bulk"), {"students": rows}, content_type="application/json")


def rejected(response: Any) -> dict[str, str]:
    """The 422's errors as {field: code}."""
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "rejected"
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def history(student_no: str = NUMBER) -> Any:
    return Student.history.filter(student_no=student_no).order_by("history_id")


# --- PUT: create or update one student ----------------------------------------------------------


def test_put_creates_a_student(cast: Cast, client: Client) -> None:
    response = put(client, student())
    assert response.status_code == 201
    body = response.json()
    assert (body["student_no"], body["full_name"], body["college_code"]) == (NUMBER, "王同学", "MEE")
    created = Student.objects.get(student_no=NUMBER)
    assert created.college == cast.college_mee
    assert body["id"] == created.pk


def test_creating_records_the_tokens_account_in_the_history(cast: Cast, client: Client) -> None:
    put(client, student())
    assert [(h.history_type, h.history_user) for h in history()] == [("+", cast.users["api_client"])]


def test_sending_the_same_student_again_changes_nothing(cast: Cast, client: Client) -> None:
    first = put(client, student())
    stored = Student.objects.get(student_no=NUMBER)
    students, versions = Student.objects.count(), history().count()
    again = put(client, student())
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Student.objects.get(student_no=NUMBER).updated_at == stored.updated_at
    assert (Student.objects.count(), history().count()) == (students, versions)


def test_surrounding_spaces_are_trimmed_so_they_change_nothing(cast: Cast, client: Client) -> None:
    put(client, student())
    versions = history().count()
    response = put(client, student(full_name="  王同学 ", major=" 机械工程", college="MEE "))
    assert response.status_code == 200
    assert history().count() == versions
    assert Student.objects.get(student_no=NUMBER).full_name == "王同学"


def test_a_changed_field_is_saved_with_the_tokens_account(cast: Cast, client: Client) -> None:
    put(client, student())
    before = Student.objects.get(student_no=NUMBER)
    response = put(client, student(major="采矿工程", enrolment_year=2024))
    assert response.status_code == 200
    assert response.json()["major"] == "采矿工程"
    after = Student.objects.get(student_no=NUMBER)
    assert (after.major, after.enrolment_year) == ("采矿工程", 2024)
    assert after.updated_at > before.updated_at
    latest = history().last()
    assert (history().count(), latest.history_type, latest.history_user) == (2, "~", cast.users["api_client"])


def test_an_existing_student_is_updated_in_place(cast: Cast, client: Client) -> None:
    response = put(client, student(full_name="陈同学", college="CS"), student_no=cast.student_a.student_no)
    assert response.status_code == 200
    cast.student_a.refresh_from_db()
    assert (cast.student_a.pk, cast.student_a.college) == (response.json()["id"], cast.college_cs)
    assert cast.student_a.user == cast.users["student"]  # the login is kept


def test_the_supervisor_is_set_by_staff_number_and_cleared_by_null(cast: Cast, client: Client) -> None:
    supervisor = factories.SupervisorFactory(staff_no="S0042", college=cast.college_mee)
    assert put(client, student(supervisor_staff_no="S0042")).json()["supervisor_staff_no"] == "S0042"
    assert Student.objects.get(student_no=NUMBER).supervisor == supervisor
    for empty in (None, ""):
        put(client, student(supervisor_staff_no="S0042"))
        assert put(client, student(supervisor_staff_no=empty)).json()["supervisor_staff_no"] is None
        assert Student.objects.get(student_no=NUMBER).supervisor is None


def test_leaving_out_the_supervisor_clears_it(cast: Cast, client: Client) -> None:
    factories.SupervisorFactory(staff_no="S0042", college=cast.college_mee)
    put(client, student(supervisor_staff_no="S0042"))
    data = student()
    del data["supervisor_staff_no"]
    assert put(client, data).status_code == 200
    assert Student.objects.get(student_no=NUMBER).supervisor is None


def test_an_unknown_college_is_422(cast: Cast, client: Client) -> None:
    assert rejected(put(client, student(college="NOPE"))) == {"college": "does_not_exist"}
    assert not Student.objects.filter(student_no=NUMBER).exists()


def test_an_unknown_supervisor_is_422(cast: Cast, client: Client) -> None:
    assert rejected(put(client, student(supervisor_staff_no="S9999"))) == {"supervisor_staff_no": "does_not_exist"}
    assert not Student.objects.filter(student_no=NUMBER).exists()


def test_a_cooperative_mentor_is_not_a_supervisor(cast: Cast, client: Client) -> None:
    factories.CooperativeMentorFactory(base=cast.base_a, staff_no="C0001")
    assert rejected(put(client, student(supervisor_staff_no="C0001"))) == {"supervisor_staff_no": "does_not_exist"}


def test_an_enrolment_year_after_next_year_is_422(cast: Cast, client: Client) -> None:
    next_year = timezone.localdate().year + 1
    assert rejected(put(client, student(enrolment_year=next_year + 1))) == {"enrolment_year": "max_value"}
    assert put(client, student(enrolment_year=next_year)).status_code == 201


@pytest.mark.parametrize(("field", "code"), [("full_name", "blank"), ("major", "blank"), ("college", "does_not_exist")])
def test_a_whitespace_only_text_is_422(cast: Cast, client: Client, field: str, code: str) -> None:
    assert rejected(put(client, student(**{field: "   "}))) == {field: code}
    assert not Student.objects.filter(student_no=NUMBER).exists()


def test_every_refusal_is_reported_at_once(cast: Cast, client: Client) -> None:
    response = put(client, student(college="NOPE", supervisor_staff_no="S9999", enrolment_year=9999))
    assert set(rejected(response)) == {"college", "supervisor_staff_no", "enrolment_year"}


def test_a_refused_update_leaves_the_student_as_it_was(cast: Cast, client: Client) -> None:
    put(client, student())
    versions = history().count()
    rejected(put(client, student(major="采矿工程", college="NOPE")))
    assert Student.objects.get(student_no=NUMBER).major == "机械工程"
    assert history().count() == versions


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"degree_level": "bachelor"}, "degree_level"),
        ({"enrolment_year": "soon"}, "enrolment_year"),
        ({"enrolment_year": 1900}, "enrolment_year"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": "名\x00字"}, "full_name"),
        ({"major": "专" * 101}, "major"),
    ],
    ids=["unknown choice", "year not a number", "year too early", "empty name", "NUL", "too long"],
)
def test_malformed_data_is_400(cast: Cast, client: Client, overrides: dict[str, Any], field: str) -> None:
    response = put(client, student(**overrides))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Student.objects.filter(student_no=NUMBER).exists()


@pytest.mark.parametrize("student_no", ["TS 001", "TS_001", "T" * 21])
def test_a_number_outside_the_pattern_has_no_address(cast: Cast, client: Client, student_no: str) -> None:
    response = put(client, student(), student_no=student_no)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Student.objects.count() == 4


def test_a_body_that_is_not_json_is_415(cast: Cast, client: Client) -> None:
    form = "application/x-www-form-urlencoded"
    response = client.put(url(f"students/{NUMBER}"), "full_name=王同学", content_type=form)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_the_put_student_reads_back(cast: Cast, client: Client) -> None:
    created = put(client, student()).json()
    assert client.get(url(f"students/{NUMBER}")).json() == created


# --- bulk ---------------------------------------------------------------------------------------

THREE = ["TS26N0001", "TS26N0002", "TS26N0003"]


def test_bulk_creates_students(cast: Cast, client: Client) -> None:
    response = bulk(client, [row(number) for number in THREE])
    assert response.status_code == 200
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0}
    assert set(Student.objects.filter(student_no__in=THREE).values_list("college__code", flat=True)) == {"MEE"}
    assert {h.history_user for h in Student.history.filter(student_no__in=THREE)} == {cast.users["api_client"]}


def test_bulk_sent_again_changes_nothing(cast: Cast, client: Client) -> None:
    bulk(client, [row(number) for number in THREE])
    times = dict(Student.objects.values_list("student_no", "updated_at"))
    versions = Student.history.count()
    response = bulk(client, [row(number) for number in THREE])
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 3}
    assert dict(Student.objects.values_list("student_no", "updated_at")) == times
    assert Student.history.count() == versions


def test_bulk_counts_created_updated_and_unchanged(cast: Cast, client: Client) -> None:
    bulk(client, [row(number) for number in THREE[:2]])
    rows = [row(THREE[0]), row(THREE[1], major="采矿工程"), row(THREE[2])]
    assert bulk(client, rows).json() == {"created": 1, "updated": 1, "unchanged": 1}
    assert Student.objects.get(student_no=THREE[1]).major == "采矿工程"


def test_one_bad_row_and_nothing_is_written(cast: Cast, client: Client) -> None:
    rows = [
        row(cast.student_a.student_no, full_name="陈同学", major="采矿工程"),  # an update...
        row("TS26N0001"),  # ... a new student ...
        row("TS26N0002", college="NOPE"),  # ... and one the portal refuses
        row("TS26N0003"),
    ]
    versions = Student.history.count()
    assert rejected(bulk(client, rows)) == {"students.2.college": "does_not_exist"}
    assert not Student.objects.filter(student_no__in=THREE).exists()
    assert Student.objects.get(pk=cast.student_a.pk).major == "机械工程"
    assert Student.history.count() == versions


def test_every_bad_row_is_named(cast: Cast, client: Client) -> None:
    rows = [
        row("TS26N0001", college="NOPE"),
        row("TS26N0002"),
        row("TS26N0003", supervisor_staff_no="S9999", full_name=" "),
    ]
    assert rejected(bulk(client, rows)) == {
        "students.0.college": "does_not_exist",
        "students.2.supervisor_staff_no": "does_not_exist",
        "students.2.full_name": "blank",
    }
    assert Student.objects.count() == 4


def test_a_number_twice_in_one_batch_is_422(cast: Cast, client: Client) -> None:
    rows = [row("TS26N0001"), row("TS26N0002"), row("TS26N0001", major="采矿工程")]
    assert rejected(bulk(client, rows)) == {"students": "duplicate"}
    assert "TS26N0001" in bulk(client, rows).json()["errors"][0]["message"]
    assert not Student.objects.filter(student_no__in=THREE).exists()


def test_more_than_500_students_is_400(cast: Cast, client: Client) -> None:
    response = bulk(client, [row(f"TS26M{index:04d}") for index in range(501)])
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert [error["field"] for error in response.json()["errors"]] == ["students"]
    assert Student.objects.count() == 4


def test_an_empty_batch_is_400(cast: Cast, client: Client) -> None:
    response = bulk(client, [])
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["students"]


def test_a_malformed_row_is_400_naming_the_row(cast: Cast, client: Client) -> None:
    rows = [row("TS26N0001"), row("TS 0002"), row("TS26N0003", degree_level="bachelor")]
    response = bulk(client, rows)
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"students.1.student_no", "students.2.degree_level"}
    assert Student.objects.count() == 4


def test_bulk_without_the_students_key_is_400(cast: Cast, client: Client) -> None:
    response = client.post(url("students/bulk"), [row("TS26N0001")], content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_a_base_admins_write_token_cannot_bulk_write(cast: Cast) -> None:
    response = bulk(bearer(issue_key(cast.users["baseadmin"], READ_WRITE)), [row("TS26N0001")])
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Student.objects.filter(student_no="TS26N0001").exists()


def test_the_office_may_bulk_write_with_a_write_token(cast: Cast) -> None:
    response = bulk(bearer(issue_key(cast.users["office"], READ_WRITE)), [row("TS26N0001")])
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("patch", f"students/{NUMBER}"),
        ("delete", "students/TS26A0001"),
        ("post", "students"),
        ("put", "placements/1"),
    ],
)
def test_nothing_else_is_writable(cast: Cast, client: Client, method: str, address: str) -> None:
    response = getattr(client, method)(url(address), student(), content_type="application/json")
    # Permissions are checked before the method: without delete_student or change_placement it is a 403.
    assert (response.status_code, response.json()["code"]) in {(405, "method_not_allowed"), (403, "permission_denied")}
    assert Student.objects.count() == 4
    assert Student.objects.filter(student_no="TS26A0001").exists()
