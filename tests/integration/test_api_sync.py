"""Full and incremental sync: the envelope, cursor paging in change order, updated_since, and deletions."""

import datetime as dt
from typing import Any

import pytest
from django.db import models
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from agreements.models import Agreement, EvaluationCycle, TrainingBase
from assessments.models import AllowancePayment, MonthlyAssessment
from integration.models import Tombstone
from mentors.models import Appointment, Mentor
from students.models import Placement, PracticeNotice, Student
from students.services import student_update, student_upsert
from tests import factories
from tests.conftest import Cast

from .support import COLLECTIONS, an_hour_ago, ids, read_all, token_client, url

ENVELOPE = {"sync_time", "next", "previous", "results"}
# Each synced collection, its model, and the cast's row of it at base A.
SYNCED: dict[str, tuple[type[models.Model], str]] = {
    "bases": (TrainingBase, "base_a"),
    "agreements": (Agreement, "agreement_a"),
    "evaluations": (EvaluationCycle, "cycle_a"),
    "students": (Student, "student_a"),
    "placements": (Placement, "placement_a"),
    "notices": (PracticeNotice, "notice_a"),
    "mentors": (Mentor, "mentor_a"),
    "appointments": (Appointment, "appointment_a"),
    "assessments": (MonthlyAssessment, "assessment_a"),
    "allowance-payments": (AllowancePayment, "payment_a"),
}


@pytest.fixture
def office(cast: Cast) -> Client:
    return token_client(cast.users["office"])


def first_page(client: Client, collection: str, **params: Any) -> dict[str, Any]:
    response = client.get(url(collection, **params))
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def extra_notice(placement: Placement, reason: str = "延期") -> PracticeNotice:
    return PracticeNotice.objects.create(
        placement=placement,
        kind=PracticeNotice.Kind.EXTEND,
        filed_by="A",
        notice_date=dt.date(2026, 1, 1),
        new_end=dt.date(2026, 12, 1),
        reason=reason,
    )


def delete_some(cast: Cast) -> list[PracticeNotice]:
    """A notice deleted at each base, so the deletions collection has rows (the cast's notices stay)."""
    notices = [extra_notice(cast.placement_a), extra_notice(cast.placement_b)]
    PracticeNotice.objects.filter(pk__in=[notice.pk for notice in notices]).delete()
    return notices


def age_everything() -> None:
    """Every synced row last changed an hour ago, so a later change stands out."""
    for model, _name in SYNCED.values():
        model._default_manager.update(updated_at=an_hour_ago())  # type: ignore[attr-defined]


# --- the envelope and paging --------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_collection_answers_with_the_envelope(cast: Cast, office: Client, collection: str) -> None:
    delete_some(cast)
    page = first_page(office, collection)
    assert set(page) == ENVELOPE
    assert (page["previous"], page["next"]) == (None, None)
    assert len(page["results"]) >= 2
    # Page by page, one row at a time: every row comes once, in the same order, each page in the envelope.
    rows, link = [], url(collection, page_size=1)
    while link is not None:
        one = office.get(link).json()
        assert set(one) == ENVELOPE
        assert len(one["results"]) == 1
        rows.extend(one["results"])
        link = one["next"]
    assert rows == page["results"]


@override_settings(API_SYNC_OVERLAP_SECONDS=120)
def test_sync_time_lies_the_overlap_before_now(cast: Cast, office: Client) -> None:
    before = timezone.now()
    sync_time = parse_datetime(first_page(office, "students")["sync_time"])
    after = timezone.now()
    assert sync_time is not None
    assert sync_time.utcoffset() is not None
    assert before - dt.timedelta(seconds=120) <= sync_time <= after - dt.timedelta(seconds=120)


def test_paging_keeps_change_order_then_id_order(cast: Cast, office: Client) -> None:
    for _ in range(7):
        factories.StudentFactory(college=cast.college_mee)
    students = list(Student.objects.order_by("pk"))
    then = an_hour_ago()
    # The first four share one time (the id decides); the rest changed later, newest id first.
    for index, student in enumerate(students):
        offset = 0 if index < 4 else len(students) - index
        Student.objects.filter(pk=student.pk).update(updated_at=then + dt.timedelta(seconds=offset))
    expected = [s.pk for s in sorted(students, key=lambda s: (Student.objects.get(pk=s.pk).updated_at, s.pk))]
    rows = read_all(office, url("students", page_size=2))
    assert [row["id"] for row in rows] == expected
    assert len(expected) == Student.objects.count()


def test_rows_sharing_one_change_time_are_paged_without_loss(cast: Cast, office: Client) -> None:
    for _ in range(9):
        factories.StudentFactory(college=cast.college_cs)
    Student.objects.update(updated_at=an_hour_ago())
    rows = read_all(office, url("students", page_size=3))
    assert [row["id"] for row in rows] == sorted(Student.objects.values_list("pk", flat=True))


def test_the_previous_link_leads_back(cast: Cast, office: Client) -> None:
    for _ in range(3):
        factories.StudentFactory(college=cast.college_mee)
    first = first_page(office, "students", page_size=2)
    second = office.get(first["next"]).json()
    back = office.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_a_row_changed_while_paging_comes_again_at_the_end(cast: Cast, office: Client) -> None:
    students = list(Student.objects.order_by("pk"))
    for index, student in enumerate(students):
        Student.objects.filter(pk=student.pk).update(updated_at=an_hour_ago() + dt.timedelta(seconds=index))
    first = first_page(office, "students", page_size=1)
    assert [row["id"] for row in first["results"]] == [cast.student_a.pk]
    student_update(student=Student.objects.get(pk=cast.student_a.pk), changed_by=None, major="软件工程")
    rest = read_all(office, first["next"])
    assert [row["id"] for row in rest] == [student.pk for student in students[1:]] + [cast.student_a.pk]
    assert rest[-1]["major"] == "软件工程"


def test_a_row_changed_while_paging_does_not_hide_another_row(cast: Cast, office: Client) -> None:
    Student.objects.update(updated_at=an_hour_ago())  # one bulk statement: every row shares the time
    first = first_page(office, "students", page_size=1)
    student_update(student=Student.objects.get(pk=first["results"][0]["id"]), changed_by=None, major="软件工程")
    seen = {row["id"] for row in first["results"] + read_all(office, first["next"])}
    assert seen == set(Student.objects.values_list("pk", flat=True))


# --- incremental sync ---------------------------------------------------------------------------


def test_incremental_sync_returns_only_the_changed_student(cast: Cast, office: Client) -> None:
    for _ in range(4):
        factories.StudentFactory(college=cast.college_mee)
    Student.objects.update(updated_at=an_hour_ago())
    first = first_page(office, "students", page_size=2)
    everything = read_all(office, url("students", page_size=2))
    assert len(everything) == Student.objects.count()

    student_update(student=Student.objects.get(pk=cast.student_b.pk), changed_by=None, major="采矿工程")

    changed = read_all(office, url("students", updated_since=first["sync_time"]))
    assert [(row["id"], row["major"]) for row in changed] == [(cast.student_b.pk, "采矿工程")]


def test_an_upsert_that_changes_nothing_does_not_show_up_in_sync(cast: Cast, office: Client) -> None:
    Student.objects.update(updated_at=an_hour_ago())
    since = first_page(office, "students")["sync_time"]
    student = cast.student_a
    fields = {
        name: getattr(student, name)
        for name in (
            "full_name",
            "college",
            "major",
            "degree_level",
            "degree_type",
            "study_mode",
            "employment_type",
            "enrolment_year",
            "supervisor",
        )
    }
    _student, outcome = student_upsert(student_no=student.student_no, changed_by=None, **fields)
    assert outcome == "unchanged"
    assert read_all(office, url("students", updated_since=since)) == []


def test_incremental_sync_of_each_collection_returns_only_the_saved_row(cast: Cast, office: Client) -> None:
    age_everything()
    since = first_page(office, "bases")["sync_time"]
    saved = {}
    for collection, (model, name) in SYNCED.items():
        row = model._default_manager.get(pk=getattr(cast, name).pk)  # type: ignore[attr-defined]
        row.save()
        saved[collection] = [row.pk]
    assert {collection: ids(office, collection, updated_since=since) for collection in SYNCED} == saved


@pytest.mark.parametrize("change", ["enterprise name", "college code", "supervisor staff number"])
def test_a_changed_related_value_reaches_incremental_sync(cast: Cast, office: Client, change: str) -> None:
    age_everything()
    since = first_page(office, "bases")["sync_time"]
    # Each change is saved the way the office's edit pages save it; student A's supervisor is supervisor_mentor.
    if change == "enterprise name":
        cast.enterprise_a.name = "甲企业（更名）"
        cast.enterprise_a.save()
        collection, detail, field, value = "bases", str(cast.base_a.pk), "enterprise_name", "甲企业（更名）"
    elif change == "college code":
        cast.college_mee.code = "MEE2"
        cast.college_mee.save()
        collection, detail, field, value = "students", cast.student_a.student_no, "college_code", "MEE2"
    else:
        cast.supervisor_mentor.staff_no = "S0001"
        cast.supervisor_mentor.save()
        collection, detail, field, value = "students", cast.student_a.student_no, "supervisor_staff_no", "S0001"
    assert office.get(url(f"{collection}/{detail}")).json()[field] == value  # the record does show the change
    changed = read_all(office, url(collection, updated_since=since))
    assert value in [row[field] for row in changed]


def test_updated_since_includes_a_row_changed_at_that_very_time(cast: Cast, office: Client) -> None:
    moment = an_hour_ago()
    Student.objects.update(updated_at=moment - dt.timedelta(seconds=1))
    Student.objects.filter(pk=cast.student_a.pk).update(updated_at=moment)
    assert ids(office, "students", updated_since=moment.isoformat()) == [cast.student_a.pk]


def test_updated_since_in_another_time_zone_means_the_same_instant(cast: Cast, office: Client) -> None:
    moment = an_hour_ago().replace(microsecond=0)
    Student.objects.update(updated_at=moment - dt.timedelta(seconds=1))
    Student.objects.filter(pk=cast.student_a.pk).update(updated_at=moment)
    beijing = moment.astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat()
    assert ids(office, "students", updated_since=beijing) == [cast.student_a.pk]


# --- deletions ----------------------------------------------------------------------------------


def deletions(client: Client, **params: Any) -> list[dict[str, Any]]:
    return read_all(client, url("deletions", **params))


def test_a_deleted_notice_is_listed_with_its_base(cast: Cast, office: Client) -> None:
    since = first_page(office, "notices")["sync_time"]
    PracticeNotice.objects.filter(pk=cast.notice_a.pk).delete()
    [tombstone] = deletions(office, updated_since=since)
    assert tombstone["resource"] == "notices"
    assert tombstone["object_id"] == cast.notice_a.pk
    assert tombstone["base_id"] == cast.base_a.pk
    assert tombstone["natural_key"] == ""
    assert parse_datetime(tombstone["deleted_at"]) is not None
    assert office.get(url(f"notices/{cast.notice_a.pk}")).status_code == 404


def test_a_deleted_payment_and_assessment_are_both_listed(cast: Cast, office: Client) -> None:
    since = first_page(office, "deletions")["sync_time"]
    AllowancePayment.objects.filter(pk=cast.payment_a.pk).delete()
    MonthlyAssessment.objects.filter(pk=cast.assessment_a.pk).delete()
    listed = [(t["resource"], t["object_id"], t["base_id"]) for t in deletions(office, updated_since=since)]
    assert listed == [
        ("allowance-payments", cast.payment_a.pk, cast.base_a.pk),
        ("assessments", cast.assessment_a.pk, cast.base_a.pk),
    ]


def test_one_queryset_delete_lists_every_row_it_removed(cast: Cast, office: Client) -> None:
    notices = [extra_notice(cast.placement_a, reason=f"延期{i}") for i in range(3)]
    PracticeNotice.objects.filter(reason__startswith="延期").delete()
    listed = {(t["resource"], t["object_id"], t["base_id"]) for t in deletions(office)}
    assert listed == {("notices", notice.pk, cast.base_a.pk) for notice in notices}


def test_a_deleted_mentor_carries_its_staff_number(cast: Cast, office: Client) -> None:
    supervisor = factories.SupervisorFactory(staff_no="S0042", college=cast.college_mee)
    pk = supervisor.pk
    supervisor.delete()
    assert [(t["resource"], t["object_id"], t["natural_key"], t["base_id"]) for t in deletions(office)] == [
        ("mentors", pk, "S0042", None)
    ]


def test_a_deleted_student_is_listed_by_number_for_university_wide_readers(cast: Cast, office: Client) -> None:
    student = factories.StudentFactory(student_no="TS26X0009", college=cast.college_mee)
    Student.objects.filter(pk=student.pk).delete()
    [tombstone] = deletions(office, resource="students")
    assert (tombstone["object_id"], tombstone["natural_key"], tombstone["base_id"]) == (student.pk, "TS26X0009", None)
    assert deletions(token_client(cast.users["api_client"]), resource="students") == [tombstone]
    assert deletions(token_client(cast.users["baseadmin"])) == []


def test_a_deleted_appointment_carries_its_letter_number(cast: Cast, office: Client) -> None:
    Appointment.objects.filter(pk=cast.appointment_b.pk).delete()
    [tombstone] = deletions(office)
    assert tombstone["resource"] == "appointments"
    assert tombstone["natural_key"] == cast.appointment_b.letter_number
    assert tombstone["base_id"] == cast.base_b.pk


def test_base_admins_see_the_deletions_of_their_own_base_only(cast: Cast) -> None:
    notice_a, notice_b = delete_some(cast)
    seen_by_a = deletions(token_client(cast.users["baseadmin"]))
    seen_by_b = deletions(token_client(cast.users["baseadmin2"]))
    assert [(t["object_id"], t["base_id"]) for t in seen_by_a] == [(notice_a.pk, cast.base_a.pk)]
    assert [(t["object_id"], t["base_id"]) for t in seen_by_b] == [(notice_b.pk, cast.base_b.pk)]


def test_deletions_since_skip_older_ones(cast: Cast, office: Client) -> None:
    PracticeNotice.objects.filter(pk=cast.notice_a.pk).delete()
    Tombstone.objects.update(deleted_at=an_hour_ago())
    since = first_page(office, "deletions")["sync_time"]
    PracticeNotice.objects.filter(pk=cast.notice_b.pk).delete()
    assert [t["object_id"] for t in deletions(office, updated_since=since)] == [cast.notice_b.pk]


def test_deletions_filter_by_collection(cast: Cast, office: Client) -> None:
    delete_some(cast)
    AllowancePayment.objects.filter(pk=cast.payment_b.pk).delete()
    assert [t["object_id"] for t in deletions(office, resource="allowance-payments")] == [cast.payment_b.pk]
    assert {t["resource"] for t in deletions(office, resource="notices")} == {"notices"}


def test_deletions_come_in_the_order_they_happened(cast: Cast, office: Client) -> None:
    PracticeNotice.objects.filter(pk=cast.notice_b.pk).delete()
    PracticeNotice.objects.filter(pk=cast.notice_a.pk).delete()
    rows = read_all(office, url("deletions", page_size=1))
    assert [t["object_id"] for t in rows] == [cast.notice_b.pk, cast.notice_a.pk]


# --- invalid parameters -------------------------------------------------------------------------


# (collection, query) -> the parameter the 400 names.
INVALID = {
    ("placements", "page_size=0"): "page_size",
    ("placements", "page_size=1001"): "page_size",
    ("placements", "page_size=abc"): "page_size",
    ("placements", "page_size=-1"): "page_size",
    ("placements", "page_size="): "page_size",
    ("placements", "page_size=2&page_size=3"): "page_size",
    ("placements", "cursor=a&cursor=b"): "cursor",
    ("placements", "updated_since=garbage"): "updated_since",
    ("placements", "updated_since="): "updated_since",
    ("placements", "updated_since=9999-12-31T23:00:00-18:00"): "updated_since",
    ("placements", "base=1.5"): "base",
    ("placements", "base="): "base",
    ("placements", "base=1&base=2"): "base",
    ("placements", "base=0"): "base",
    ("placements", "base=99999999999999999999"): "base",
    ("placements", "stage=nonsense"): "stage",
    ("placements", "student_no=A&student_no=B"): "student_no",
    ("allowance-payments", "paid=yes"): "paid",
    ("allowance-payments", "paid="): "paid",
    ("assessments", "month_from=2026-13-01"): "month_from",
    ("assessments", "base=1&base=1"): "base",
    ("deletions", "resource=nothing"): "resource",
    ("deletions", "updated_since=yesterday"): "updated_since",
    ("students", "enrolment_year=20x5"): "enrolment_year",
    ("agreements", "in_force_on=yesterday"): "in_force_on",
    ("bases", "updated_since=2026-01-01T00:00:00&updated_since=2026-01-02T00:00:00"): "updated_since",
    ("students", "studentno=TS26A0001"): "studentno",
    ("placements", "base_id=1"): "base_id",
}


def test_invalid_parameters_are_400_naming_the_parameter(cast: Cast, office: Client) -> None:
    answers = {}
    for (collection, query), field in INVALID.items():
        response = office.get(f"/api/v1/{collection}/?{query}")
        body = response.json()
        answers[collection, query] = (
            response.status_code,
            body["code"],
            field in [error["field"] for error in body["errors"]],
        )
    assert answers == dict.fromkeys(INVALID, (400, "invalid", True))


def test_a_superscript_page_size_is_400(cast: Cast) -> None:
    client = token_client(cast.users["office"])
    client.raise_request_exception = False
    assert client.get("/api/v1/students/?page_size=%C2%B2").status_code == 400


@pytest.mark.parametrize(("query", "code"), [("base=1&base=2", "repeated"), ("base=", "empty"), ("bse=1", "unknown")])
def test_a_repeated_empty_or_unknown_parameter_has_its_error_code(
    cast: Cast, office: Client, query: str, code: str
) -> None:
    response = office.get(f"/api/v1/placements/?{query}")
    assert response.status_code == 400
    name = query.partition("=")[0]
    assert [(error["field"], error["code"]) for error in response.json()["errors"]] == [(name, code)]


def test_a_garbled_cursor_is_a_json_404(cast: Cast, office: Client) -> None:
    response = office.get(url("students", cursor="not-a-cursor"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == {"code", "message", "errors"}


@pytest.mark.parametrize("address", ["/api/v1/nothing/", "/api/v1/students/a%20b/", "/api/v2/students/"])
def test_an_unknown_api_address_is_a_json_404(cast: Cast, office: Client, address: str) -> None:
    response = office.get(address)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": response.json()["message"], "errors": []}


def test_an_unknown_record_is_a_json_404(cast: Cast, office: Client) -> None:
    response = office.get(url("placements/999999"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
