"""The permission matrix: every URL of the project, for every persona, against an expected status.

``MATRIX`` holds one or more cases per URL name. ``test_every_url_has_a_row`` walks the URL
resolver and fails when a pattern has no case, so a new page cannot ship unreviewed. Detail
URLs are tried with an object each side of the enterprise line: what a persona may not see is
a 404, never a 403 that would confirm it exists.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agreements.models import AgreementTemplate
from integration.models import Scope, Tombstone
from integration.services import token_issue
from jobs.models import Job

from .conftest import PERSONAS, Cast
from .integration.support import STUDENT

Kwargs = Callable[[Cast], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, int]
    kwargs: Kwargs | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    as_json: bool = False  # send ``data`` as a JSON body (API writes)


def outcome(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per persona: ``default`` unless overridden."""
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


def page(**overrides: int) -> dict[str, int]:
    """A page behind login and a role permission: anonymous to login, outsider forbidden."""
    return outcome(200, anonymous=302, outsider=403, **overrides)


def api(**overrides: int) -> dict[str, int]:
    """An API endpoint: anonymous is asked for credentials (401), the role-less outsider refused (403)."""
    return outcome(200, anonymous=401, outsider=403, **overrides)


def api_read_page(readers: set[str], side: str) -> dict[str, int]:
    """A page gated by a read permission, on a side's object: like ``api_read``, but anonymous goes to login."""
    return {**api_read(readers, side), "anonymous": 302}


def api_read(readers: set[str], side: str | None = None) -> dict[str, int]:
    """An API collection (no side) or a side's object: readers 200 (404 for the other side), others 403."""
    expect = outcome(403, anonymous=401)
    seeing = None if side is None else {"office", "api_client"} | (SIDE_A if side == "A" else SIDE_B)
    for persona in readers:
        expect[persona] = 200 if seeing is None or persona in seeing else 404
    return expect


# Who sees which side: base A's people, base B's people, and the university-wide readers.
SIDE_A = {"college", "supervisor", "baseadmin", "mentor", "student"}
SIDE_B = {"baseadmin2"}


def only_side(side: set[str], *, hidden: int = 404, **extra: int) -> dict[str, int]:
    others = dict.fromkeys((SIDE_A | SIDE_B) - side, hidden)
    return {**others, **extra}


base_a: Kwargs = lambda c: {"pk": c.base_a.pk}  # noqa: E731
base_b: Kwargs = lambda c: {"pk": c.base_b.pk}  # noqa: E731
student_a: Kwargs = lambda c: {"pk": c.student_a.pk}  # noqa: E731
student_b: Kwargs = lambda c: {"pk": c.student_b.pk}  # noqa: E731
mentor_a: Kwargs = lambda c: {"pk": c.mentor_a.pk}  # noqa: E731
mentor_b: Kwargs = lambda c: {"pk": c.mentor_b.pk}  # noqa: E731
supervisor_a: Kwargs = lambda c: {"pk": c.supervisor_mentor.pk}  # noqa: E731
agreement_a: Kwargs = lambda c: {"pk": c.agreement_a.pk}  # noqa: E731
agreement_b: Kwargs = lambda c: {"pk": c.agreement_b.pk}  # noqa: E731
cycle_a: Kwargs = lambda c: {"pk": c.cycle_a.pk}  # noqa: E731
cycle_b: Kwargs = lambda c: {"pk": c.cycle_b.pk}  # noqa: E731
material_a: Kwargs = lambda c: {"pk": c.material_a.pk}  # noqa: E731
material_b: Kwargs = lambda c: {"pk": c.material_b.pk}  # noqa: E731
member_a: Kwargs = lambda c: {"pk": c.member_a.pk}  # noqa: E731
template: Kwargs = lambda c: {"pk": AgreementTemplate.objects.order_by("pk").first().pk}  # noqa: E731
appointment_a: Kwargs = lambda c: {"pk": c.appointment_a.pk}  # noqa: E731
appointment_b: Kwargs = lambda c: {"pk": c.appointment_b.pk}  # noqa: E731
recommendation_a: Kwargs = lambda c: {"pk": c.recommendation_a.pk}  # noqa: E731
recommendation_b: Kwargs = lambda c: {"pk": c.recommendation_b.pk}  # noqa: E731
placement_a: Kwargs = lambda c: {"pk": c.placement_a.pk}  # noqa: E731
placement_b: Kwargs = lambda c: {"pk": c.placement_b.pk}  # noqa: E731
demand_a: Kwargs = lambda c: {"pk": c.demand_a.pk}  # noqa: E731
demand_b: Kwargs = lambda c: {"pk": c.demand_b.pk}  # noqa: E731
selection_a: Kwargs = lambda c: {"pk": c.selection_a.pk}  # noqa: E731
selection_b: Kwargs = lambda c: {"pk": c.selection_b.pk}  # noqa: E731
notice_a: Kwargs = lambda c: {"pk": c.notice_a.pk}  # noqa: E731
disclosure_a: Kwargs = lambda c: {"pk": c.disclosure_a.pk}  # noqa: E731
disclosure_b: Kwargs = lambda c: {"pk": c.disclosure_b.pk}  # noqa: E731


assessment_a: Kwargs = lambda c: {"pk": c.assessment_a.pk}  # noqa: E731
assessment_b: Kwargs = lambda c: {"pk": c.assessment_b.pk}  # noqa: E731
payment_a: Kwargs = lambda c: {"pk": c.payment_a.pk}  # noqa: E731
payment_b: Kwargs = lambda c: {"pk": c.payment_b.pk}  # noqa: E731


student_no_a: Kwargs = lambda c: {"student_no": c.student_a.student_no}  # noqa: E731
student_no_b: Kwargs = lambda c: {"student_no": c.student_b.student_no}  # noqa: E731
notice_b: Kwargs = lambda c: {"pk": c.notice_b.pk}  # noqa: E731
DELETION_READERS = {"office", "baseadmin", "baseadmin2", "api_client"}
STUDENT_PAYLOAD = STUDENT


def tombstone(side: str) -> Kwargs:
    """A deletion record of a side's base (a notice deleted there)."""
    return lambda c: {
        "pk": Tombstone.objects.create(
            resource="notices", object_id=0, base_id=(c.base_a if side == "A" else c.base_b).pk
        ).pk
    }


def api_token(c: Cast) -> dict[str, Any]:
    token, _key = token_issue(
        name="matrix", user=c.users["api_client"], scopes=[Scope.READ], issued_by=c.users["office"]
    )
    return {"pk": token.pk}


def office_job(c: Cast) -> dict[str, Any]:
    """A finished ledger export of the office's, with its file."""
    job = Job.objects.create(kind=Job.Kind.LEDGER_EXPORT, owner=c.users["office"], status=Job.Status.SUCCEEDED)
    job.result_file.save("ledger.xlsx", ContentFile(b"PK"), save=True)
    return {"pk": job.pk}


def step(name: str, side: str = "A") -> Kwargs:
    return lambda c: {"pk": (c.placement_a if side == "A" else c.placement_b).pk, "step": name}


admin_of_a: Kwargs = lambda c: {"pk": c.base_a.pk, "user_id": c.users["baseadmin"].pk}  # noqa: E731


def record(kind: str, side: str) -> Kwargs:
    return lambda c: {"pk": (c.base_a if side == "A" else c.base_b).pk, "kind": kind}


# Who may *see* an object but not act on it gets 403; who may not see it gets 404.
AGREEMENT_READERS = {"office", "college", "baseadmin", "baseadmin2", "api_client"}
EVALUATION_READERS = {"office", "baseadmin", "baseadmin2", "api_client"}
APPOINTMENT_READERS = {"office", "baseadmin", "baseadmin2", "mentor", "api_client"}
RECOMMENDATION_READERS = {"office", "baseadmin", "baseadmin2"}
REMUNERATION_READERS = {"office", "baseadmin", "baseadmin2", "mentor", "api_client"}
ASSESSMENT_READERS = {
    "office",
    "college",
    "supervisor",
    "baseadmin",
    "baseadmin2",
    "mentor",
    "student",
    "api_client",
}
DEMAND_READERS = {"office", "baseadmin", "baseadmin2", "api_client"}
RECORD_READERS = {"office", "college", "supervisor", "baseadmin", "baseadmin2", "mentor", "student", "api_client"}
# Who takes each step of a placement (side A): from accounts.roles.
STEP_ACTORS = {
    "coursework": {"office", "college"},
    "plan": {"office", "baseadmin"},
    "safety": {"office", "baseadmin"},
    "insurance": {"office", "baseadmin"},
    "start": {"office", "baseadmin"},
    "finish": {"office", "baseadmin"},
    "notice": {"office", "baseadmin"},
    "topic": {"office", "college", "supervisor"},
    "proposal": {"office", "college", "supervisor"},
    "defence": {"office", "college", "supervisor"},
    "confidentiality": {"baseadmin"},
    "appraisal": {"baseadmin"},
    "award": {"baseadmin"},
    "disclosure": {"supervisor", "student"},
}


def act(actors: set[str], side: str, readers: set[str] | None = None) -> dict[str, int]:
    """An action on a side-A or side-B object: actors 200, those who see it 403, the rest 404."""
    seeing = {"office", "api_client"} | (SIDE_A if side == "A" else SIDE_B)
    if readers is not None:
        seeing &= readers
    expect = outcome(404, anonymous=302)
    for persona in seeing:
        expect[persona] = 403
    for persona in actors:
        expect[persona] = 200
    return expect


def read(readers: set[str], side: str, *, role_gate: bool = False) -> dict[str, int]:
    """Reading a side-A or side-B object: readers on that side 200, others 404 (403 if the role lacks the page)."""
    side_people = {"office", "api_client"} | (SIDE_A if side == "A" else SIDE_B)
    expect = outcome(404, anonymous=302)
    for persona in PERSONAS:
        if persona == "anonymous":
            continue
        if persona in readers and persona in side_people:
            expect[persona] = 200
        elif role_gate and persona not in readers:
            expect[persona] = 403
    return expect


MATRIX: list[Case] = [
    Case("home", outcome(200, anonymous=302)),
    Case("accounts:login", outcome(302, anonymous=200)),
    Case("accounts:logout", outcome(302), method="post"),
    Case("accounts:password_change", outcome(200, anonymous=302)),
    Case("accounts:password_change_done", outcome(200, anonymous=302)),
    Case("set_language", outcome(302), method="post", data={"language": "en", "next": "/"}),
    Case("agreements:base_list", page()),
    Case("agreements:base_detail", page(**only_side(SIDE_A)), base_a, label="base A"),
    Case("agreements:base_detail", page(**only_side(SIDE_B)), base_b, label="base B"),
    Case("students:student_list", page()),
    Case("students:student_detail", page(**only_side(SIDE_A)), student_a, label="student A"),
    Case("students:student_detail", page(**only_side(SIDE_B)), student_b, label="student B"),
    Case("mentors:mentor_list", page()),
    Case("mentors:mentor_detail", page(**only_side(SIDE_A)), mentor_a, label="mentor A"),
    Case("mentors:mentor_detail", page(**only_side(SIDE_B)), mentor_b, label="mentor B"),
    Case("mentors:mentor_detail", page(**only_side(SIDE_A)), supervisor_a, label="supervisor of student A"),
    Case("agreements:base_create", outcome(403, anonymous=302, office=200)),
    Case("agreements:base_update", act({"office"}, "A"), base_a, label="base A"),
    Case("agreements:base_update", act({"office"}, "B"), base_b, label="base B"),
    Case("agreements:base_admin_grant", act({"office"}, "A"), base_a, label="base A"),
    Case("agreements:base_admin_revoke", act({"office"}, "A"), admin_of_a, label="admin of A"),
    Case("agreements:record_create", act({"office"}, "A"), record("committee", "A"), label="committee A"),
    Case("agreements:record_create", act({"office", "baseadmin"}, "A"), record("briefing", "A"), label="briefing A"),
    Case("agreements:record_create", act({"office", "baseadmin"}, "A"), record("exchange", "A"), label="exchange A"),
    Case("agreements:record_create", act({"office", "baseadmin"}, "A"), record("fund", "A"), label="fund A"),
    Case("agreements:record_create", act({"office", "baseadmin"}, "A"), record("project", "A"), label="project A"),
    Case("agreements:record_create", act({"office", "baseadmin"}, "A"), record("innovation", "A"), label="innov A"),
    Case("agreements:record_create", act({"office", "baseadmin2"}, "B"), record("exchange", "B"), label="exchange B"),
    Case("agreements:record_create", act({"office", "baseadmin2"}, "B"), record("fund", "B"), label="fund B"),
    Case("agreements:committee_end_term", act({"office"}, "A"), member_a, label="member A"),
    Case("agreements:agreement_create", act({"office"}, "A"), base_a, label="base A"),
    Case("agreements:agreement_create", act({"office"}, "B"), base_b, label="base B"),
    Case("agreements:agreement_detail", read(AGREEMENT_READERS, "A"), agreement_a, label="A"),
    Case("agreements:agreement_detail", read(AGREEMENT_READERS, "B"), agreement_b, label="B"),
    Case("agreements:agreement_pdf", read(AGREEMENT_READERS, "A"), agreement_a, label="A"),
    Case("agreements:agreement_pdf", read(AGREEMENT_READERS, "B"), agreement_b, label="B"),
    Case("agreements:agreement_scan", read(AGREEMENT_READERS, "A"), agreement_a, label="A"),
    Case("agreements:agreement_scan", read(AGREEMENT_READERS, "B"), agreement_b, label="B"),
    *[
        Case(f"agreements:{name}", act({"office"}, "A", AGREEMENT_READERS), agreement_a, label="A")
        for name in (
            "agreement_update",
            "agreement_sign",
            "agreement_paper",
            "agreement_scan_upload",
            "agreement_terminate",
            "agreement_renew",
        )
    ],
    Case("agreements:agreement_terminate", act({"office"}, "B", AGREEMENT_READERS), agreement_b, label="B"),
    Case("agreements:template_list", outcome(403, anonymous=302, office=200)),
    Case("agreements:template_detail", outcome(403, anonymous=302, office=200), template),
    Case("agreements:template_new_version", outcome(403, anonymous=302, office=200), template),
    Case("agreements:evaluation_list", read(EVALUATION_READERS, "A", role_gate=True) | {"baseadmin2": 200}),
    Case("agreements:evaluation_detail", read(EVALUATION_READERS, "A", role_gate=True), cycle_a, label="A"),
    Case("agreements:evaluation_detail", read(EVALUATION_READERS, "B", role_gate=True), cycle_b, label="B"),
    Case("agreements:evaluation_request", act({"office"}, "A", EVALUATION_READERS), cycle_a, label="A"),
    Case("agreements:evaluation_result", act({"office"}, "A", EVALUATION_READERS), cycle_a, label="A"),
    Case("agreements:evaluation_material_add", act({"baseadmin"}, "A", EVALUATION_READERS), cycle_a, label="A"),
    Case("agreements:evaluation_material_add", act({"baseadmin2"}, "B", EVALUATION_READERS), cycle_b, label="B"),
    Case("agreements:evaluation_submit", act({"baseadmin"}, "A", EVALUATION_READERS), cycle_a, label="A"),
    Case("agreements:evaluation_material_download", read(EVALUATION_READERS, "A"), material_a, label="A"),
    Case("agreements:evaluation_material_download", read(EVALUATION_READERS, "B"), material_b, label="B"),
    Case("mentors:mentor_reappoint", act({"office"}, "A"), mentor_a, label="mentor A"),
    Case("mentors:mentor_reappoint", act({"office"}, "B"), mentor_b, label="mentor B"),
    Case("mentors:training_add", act({"office"}, "A"), mentor_a, label="mentor A"),
    Case("mentors:assessment_add", act({"office"}, "A"), mentor_a, label="mentor A"),
    Case("mentors:appointment_letter", read(APPOINTMENT_READERS, "A"), appointment_a, label="A"),
    Case("mentors:appointment_letter", read(APPOINTMENT_READERS, "B"), appointment_b, label="B"),
    Case("mentors:criteria_edit", outcome(403, anonymous=302, office=200)),
    Case("mentors:recommendation_list", outcome(403, anonymous=302, office=200, baseadmin=200, baseadmin2=200)),
    Case("mentors:recommendation_create", outcome(403, anonymous=302, baseadmin=200, baseadmin2=200)),
    Case("mentors:recommendation_detail", read(RECOMMENDATION_READERS, "A"), recommendation_a, label="A"),
    Case("mentors:recommendation_detail", read(RECOMMENDATION_READERS, "B"), recommendation_b, label="B"),
    Case("mentors:recommendation_cv", read(RECOMMENDATION_READERS, "A"), recommendation_a, label="A"),
    Case("mentors:recommendation_cv", read(RECOMMENDATION_READERS, "B"), recommendation_b, label="B"),
    Case("mentors:recommendation_appoint", act({"office"}, "A", RECOMMENDATION_READERS), recommendation_a, label="A"),
    Case("mentors:recommendation_reject", act({"office"}, "B", RECOMMENDATION_READERS), recommendation_b, label="B"),
    Case("mentors:remuneration_list", read(REMUNERATION_READERS, "A", role_gate=True) | {"baseadmin2": 200}),
    Case("mentors:remuneration_export", read(REMUNERATION_READERS, "A", role_gate=True) | {"baseadmin2": 200}),
    Case("mentors:remuneration_add", outcome(403, anonymous=302, office=200)),
    *[
        Case("students:placement_step", act(actors, "A"), step(name), label=name)
        for name, actors in STEP_ACTORS.items()
    ],
    Case("students:placement_step", act({"office", "baseadmin2"}, "B"), step("plan", "B"), label="plan B"),
    Case(
        "students:placement_step",
        act(set(), "A") | {"office": 404, "api_client": 404, **dict.fromkeys(SIDE_A, 404)},
        step("nonsense"),
        label="unknown step",
    ),
    Case("students:safety_scan", read(RECORD_READERS, "A"), placement_a, label="A"),
    Case("students:safety_scan", read(RECORD_READERS, "B"), placement_b, label="B"),
    Case("students:appraisal_pdf", read(RECORD_READERS, "A"), placement_a, label="A"),
    Case("students:appraisal_pdf", read(RECORD_READERS, "B"), placement_b, label="B"),
    # Filed by Party B: only Party A (the office) acknowledges it.
    Case("students:notice_acknowledge", act({"office"}, "A", RECORD_READERS), notice_a, label="A"),
    Case("students:disclosure_decide", act({"baseadmin"}, "A", RECORD_READERS), disclosure_a, label="A"),
    Case("students:disclosure_decide", act({"baseadmin2"}, "B", RECORD_READERS), disclosure_b, label="B"),
    # Only the student persona has a student record of their own: a redirect to it; anyone else 404.
    Case("students:my_record", outcome(404, anonymous=302, student=302)),
    # The office imports students (as a background job); a university system uses the API upsert instead.
    Case("students:student_import", outcome(403, anonymous=302, office=200)),
    Case("students:student_import", outcome(403, anonymous=302, office=400), method="post", label="no file"),
    Case("students:student_export", page()),
    Case("students:demand_list", outcome(403, anonymous=302, **dict.fromkeys(DEMAND_READERS, 200))),
    Case("students:demand_create", outcome(403, anonymous=302, baseadmin=200, baseadmin2=200)),
    Case("students:demand_detail", read(DEMAND_READERS, "A", role_gate=True), demand_a, label="A"),
    Case("students:demand_detail", read(DEMAND_READERS, "B", role_gate=True), demand_b, label="B"),
    Case("students:selection_create", act({"office"}, "A", DEMAND_READERS), demand_a, label="A"),
    Case("students:selection_accept", act({"baseadmin"}, "A", DEMAND_READERS), selection_a, label="A"),
    Case("students:selection_decline", act({"baseadmin2"}, "B", DEMAND_READERS), selection_b, label="B"),
    Case("assessments:assessment_list", page()),
    Case("assessments:month_page", outcome(403, anonymous=302, mentor=200)),
    Case("assessments:overdue_list", page()),
    Case("assessments:assessment_detail", read(ASSESSMENT_READERS, "A", role_gate=True), assessment_a, label="A"),
    Case("assessments:assessment_detail", read(ASSESSMENT_READERS, "B", role_gate=True), assessment_b, label="B"),
    Case("assessments:assessment_amend", act({"baseadmin"}, "A", ASSESSMENT_READERS), assessment_a, label="A"),
    Case("assessments:assessment_amend", act({"baseadmin2"}, "B", ASSESSMENT_READERS), assessment_b, label="B"),
    Case("assessments:policy_list", page()),
    Case("assessments:policy_create", outcome(403, anonymous=302, baseadmin=200, baseadmin2=200)),
    Case("assessments:ledger", page()),
    Case("assessments:ledger_export", page()),
    # POST starts the background export; its job is the starting user's alone.
    Case("assessments:ledger_export", outcome(302, outsider=403), method="post", label="background"),
    Case("assessments:payment_paid", act({"baseadmin"}, "A", ASSESSMENT_READERS), payment_a, label="A"),
    Case("assessments:payment_paid", act({"baseadmin2"}, "B", ASSESSMENT_READERS), payment_b, label="B"),
    Case("assessments:statement_pdf", read(ASSESSMENT_READERS, "A", role_gate=True), placement_a, label="A"),
    Case("assessments:statement_pdf", read(ASSESSMENT_READERS, "B", role_gate=True), placement_b, label="B"),
    Case("assessments:work_summary", outcome(403, anonymous=302, student=200)),
    Case("notifications:inbox", outcome(200, anonymous=302)),
    Case("notifications:preferences", outcome(200, anonymous=302)),
    Case("notifications:mark_all_read", outcome(302), method="post"),
    # Only the recipient reaches a notice: anyone else gets 404.
    Case(
        "notifications:mark_read",
        outcome(404, anonymous=302, baseadmin=302),
        lambda c: {"pk": c.notification.pk},
        method="post",
        label="baseadmin's",
    ),
    Case("api:api-root", outcome(200, anonymous=401)),  # links only, no data
    Case("api:base-list", api()),
    Case("api:base-detail", api(**only_side(SIDE_A)), base_a, label="base A"),
    Case("api:base-detail", api(**only_side(SIDE_B)), base_b, label="base B"),
    Case("api:agreement-list", api_read(AGREEMENT_READERS)),
    Case("api:agreement-detail", api_read(AGREEMENT_READERS, "A"), agreement_a, label="A"),
    Case("api:agreement-detail", api_read(AGREEMENT_READERS, "B"), agreement_b, label="B"),
    Case("api:evaluation-list", api_read(EVALUATION_READERS)),
    Case("api:evaluation-detail", api_read(EVALUATION_READERS, "A"), cycle_a, label="A"),
    Case("api:evaluation-detail", api_read(EVALUATION_READERS, "B"), cycle_b, label="B"),
    Case("api:student-list", api()),
    Case("api:student-detail", api(**only_side(SIDE_A)), student_no_a, label="student A"),
    Case("api:student-detail", api(**only_side(SIDE_B)), student_no_b, label="student B"),
    # The upsert: only the office and university systems write students, on either side.
    *(
        Case(
            "api:student-detail",
            outcome(403, anonymous=401, office=200, api_client=200),
            number,
            method="put",
            data=STUDENT_PAYLOAD,
            as_json=True,
            label=f"upsert {side}",
        )
        for side, number in (("A", student_no_a), ("B", student_no_b))
    ),
    Case(
        "api:student-bulk",
        outcome(403, anonymous=401, office=200, api_client=200),
        method="post",
        data={"students": [{**STUDENT_PAYLOAD, "student_no": "API-0001"}]},
        as_json=True,
    ),
    Case("api:placement-list", api()),
    Case("api:placement-detail", api(**only_side(SIDE_A)), placement_a, label="A"),
    Case("api:placement-detail", api(**only_side(SIDE_B)), placement_b, label="B"),
    Case("api:notice-list", api_read(RECORD_READERS)),
    Case("api:notice-detail", api_read(RECORD_READERS, "A"), notice_a, label="A"),
    Case("api:notice-detail", api_read(RECORD_READERS, "B"), notice_b, label="B"),
    Case("api:mentor-list", api()),
    Case("api:mentor-detail", api(**only_side(SIDE_A)), mentor_a, label="A"),
    Case("api:mentor-detail", api(**only_side(SIDE_B)), mentor_b, label="B"),
    Case("api:appointment-list", api_read(APPOINTMENT_READERS)),
    Case("api:appointment-detail", api_read(APPOINTMENT_READERS, "A"), appointment_a, label="A"),
    Case("api:appointment-detail", api_read(APPOINTMENT_READERS, "B"), appointment_b, label="B"),
    Case("api:assessment-list", api_read(ASSESSMENT_READERS)),
    Case("api:assessment-detail", api_read(ASSESSMENT_READERS, "A"), assessment_a, label="A"),
    Case("api:assessment-detail", api_read(ASSESSMENT_READERS, "B"), assessment_b, label="B"),
    Case("api:payment-list", api_read(ASSESSMENT_READERS)),
    Case("api:payment-detail", api_read(ASSESSMENT_READERS, "A"), payment_a, label="A"),
    Case("api:payment-detail", api_read(ASSESSMENT_READERS, "B"), payment_b, label="B"),
    Case("api:deletion-list", api_read(DELETION_READERS)),
    Case("api:deletion-detail", api_read(DELETION_READERS, "A"), tombstone("A"), label="A"),
    Case("api:deletion-detail", api_read(DELETION_READERS, "B"), tombstone("B"), label="B"),
    # The contract and its interactive page are public: they describe the API, not its data.
    Case("api-schema", outcome(200)),
    Case("api-docs", outcome(200)),
    # The office's dashboard: university-wide readers only.
    Case("oversight:office_dashboard", outcome(403, anonymous=302, office=200, api_client=200)),
    # A base's compliance: whoever reads agreements and sees the base.
    Case("oversight:base_compliance", api_read_page(AGREEMENT_READERS, "A"), base_a, label="A"),
    Case("oversight:base_compliance", api_read_page(AGREEMENT_READERS, "B"), base_b, label="B"),
    # The evaluation report: the office and the base's admins; others who see the cycle 403.
    Case("agreements:evaluation_report", act({"office", "baseadmin"}, "A", EVALUATION_READERS), cycle_a, label="A"),
    Case("agreements:evaluation_report", act({"office", "baseadmin2"}, "B", EVALUATION_READERS), cycle_b, label="B"),
    # POST starts the report as a background job (a large base's report takes many seconds).
    Case(
        "agreements:evaluation_report",
        {**act({"office", "baseadmin"}, "A", EVALUATION_READERS), "office": 302, "baseadmin": 302},
        cycle_a,
        method="post",
        label="background",
    ),
    # API tokens are the office's business alone.
    Case("integration:token_list", outcome(403, anonymous=302, office=200)),
    Case("integration:token_issue", outcome(403, anonymous=302, office=200)),
    Case("integration:token_detail", outcome(403, anonymous=302, office=200), api_token),
    Case("integration:token_revoke", outcome(403, anonymous=302, office=200), api_token, label="confirm"),
    Case("integration:token_revoke", outcome(403, anonymous=302, office=302), api_token, method="post"),
    # Background jobs: each person sees their own list; a job is its owner's alone (here the office's).
    Case("jobs:job_list", outcome(200, anonymous=302)),
    Case("jobs:job_detail", outcome(404, anonymous=302, office=200), office_job),
    Case("jobs:job_download", outcome(404, anonymous=302, office=200), office_job),
    Case("jobs:appraisal_zip", page(mentor=403, student=403, api_client=403)),
    # Single sign-on is off unless CAS_SERVER_URL is set: its addresses do not exist.
    Case("accounts:cas_login", outcome(404)),
    Case("accounts:cas_logout", outcome(404)),
    Case("accounts:cas_callback", outcome(404)),
]

# Django admin URLs are covered by ``test_admin_is_staff_only`` below, by rule rather than by row.
ADMIN_NAMESPACE = "admin"


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _url_names(entry, ns)
        elif isinstance(entry, URLPattern):
            # Django admin keeps one unnamed legacy redirect; any other pattern must be named.
            assert entry.name or prefix.startswith(f"{ADMIN_NAMESPACE}:"), f"URL pattern {entry.pattern} has no name"
            if entry.name:
                names.add(prefix + entry.name)
    return names


def test_every_url_has_a_row() -> None:
    covered = {case.url_name for case in MATRIX}
    project = {name for name in _url_names() if not name.startswith(f"{ADMIN_NAMESPACE}:")}
    assert project - covered == set(), "URLs without a row in the permission matrix"
    assert covered - project == set(), "matrix rows for URLs that no longer exist"


def test_every_case_names_every_persona() -> None:
    for case in MATRIX:
        assert set(case.expect) == set(PERSONAS), case


def _client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    user = cast.user(persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.url_name}[{c.label}]" if c.label else c.url_name)
def test_matrix(cast: Cast, case: Case) -> None:
    url = reverse(case.url_name, kwargs=case.kwargs(cast) if case.kwargs else None)
    failures = []
    for persona in PERSONAS:
        client = _client_for(cast, persona)
        if case.as_json:
            response = getattr(client, case.method)(url, json.dumps(case.data), content_type="application/json")
        else:
            response = getattr(client, case.method)(url, case.data)
        if response.status_code != case.expect[persona]:
            failures.append(f"{persona}: expected {case.expect[persona]}, got {response.status_code}")
    assert not failures, f"{case.method.upper()} {url}\n" + "\n".join(failures)


def _admin_urls_without_arguments() -> list[str]:
    admin_resolver = next(
        e for e in get_resolver().url_patterns if isinstance(e, URLResolver) and e.namespace == ADMIN_NAMESPACE
    )
    urls = []
    for name in sorted(_url_names(admin_resolver, f"{ADMIN_NAMESPACE}:")):
        try:
            urls.append(reverse(name))
        except Exception:  # noqa: S112 - patterns that need an object id are reached from these
            continue
    return urls


ADMIN_PUBLIC = {"/admin/login/", "/admin/jsi18n/"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "office"])
def test_admin_is_staff_only(cast: Cast, persona: str) -> None:
    """Every admin page is closed to everyone but staff: a redirect to the admin login."""
    client = _client_for(cast, persona)
    for url in _admin_urls_without_arguments():
        if url in ADMIN_PUBLIC or url == "/admin/logout/":
            continue
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_admin_index_and_changelists_open_for_office(cast: Cast) -> None:
    client = _client_for(cast, "office")
    assert client.get(reverse("admin:index")).status_code == 200
    for name in ("students_student", "agreements_trainingbase", "mentors_mentor", "accounts_organisation"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
