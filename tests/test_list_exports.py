"""Every list page exports its filtered rows to Excel at ``?export=xlsx``.

For each list: the office and a base admin export with a filter; the workbook has the list's
header row, leaves out what the filter leaves out, holds nothing of base B for base A's admin,
and is written with the same number of queries however many rows there are.
"""

import datetime as dt
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.http import FileResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from agreements.services import (
    base_grant_admin,
    evaluation_schedule,
    template_ensure_default,
    template_publish_version,
)
from assessments.models import MonthlyAssessment, month_start
from base_portal import rules
from base_portal.exports import export_filename, safe_value
from base_portal.pagination import PAGE_SIZE
from notifications.models import Notification
from students.importing import COLUMNS
from students.models import Placement

from . import factories
from .conftest import Cast
from .test_query_counts import grow

# Text that only base B's side of the cast carries: none of it may reach base A's admin.
B_TEXTS = ("乙企业", "TS26B0001", "孙工", "候选人B", "李导师")
# Notices are unique per subject and due date: each notice made here is about its own subject.
SUBJECT_IDS = itertools.count(10_000)


@dataclass(frozen=True)
class Export:
    """One list page and what its export should hold."""

    url_name: str
    headers: list[str]  # msgids, in column order
    key_column: int  # the column that identifies a row
    key_a: Callable[[Cast], Any]  # the identifier of base A's row
    key_b: Callable[[Cast], Any]  # the identifier of base B's row
    office_filter: Callable[[Cast], dict[str, Any]]  # keeps A's row and leaves out B's
    baseadmin: bool = True  # whether base A's admin may read the list
    setup: Callable[[Cast], None] | None = None
    headers_translated: bool = True  # False when the headers are a file format, not msgids
    extra: dict[str, Any] = field(default_factory=dict)

    def header_row(self) -> list[str]:
        return [gettext(h) if self.headers_translated else h for h in self.headers]


def _assessment_b_unconfirmed(cast: Cast) -> None:
    MonthlyAssessment.objects.filter(pk=cast.assessment_b.pk).update(state=MonthlyAssessment.State.SUBMITTED)


def _overdue_months(cast: Cast) -> None:
    """Both placements in practice since three months ago, so both have months overdue."""
    start = rules.add_months(month_start(timezone.localdate()), -3)
    Placement.objects.filter(pk__in=[cast.placement_a.pk, cast.placement_b.pk]).update(
        practice_start=start, practice_end=None
    )


def _notices(cast: Cast) -> None:
    """A read and an unread notice for the office and for both base admins."""
    for persona in ("office", "baseadmin", "baseadmin2"):
        for read_at in (None, timezone.now()):
            Notification.objects.create(
                recipient=cast.users[persona],
                kind="notice_filed",
                subject_type="students.placement",
                subject_id=next(SUBJECT_IDS),
                due="2026-06-01",
                title=f"{persona}-{'read' if read_at else 'unread'}",
                body="=1+1 内容",
                read_at=read_at,
            )


def _first_notice(cast: Cast, persona: str, *, unread: bool) -> int:
    return Notification.objects.filter(recipient=cast.users[persona], read_at__isnull=unread).order_by("pk").first().pk


def _default_template_id(cast: Cast) -> int:
    return template_ensure_default().pk


EXPORTS = [
    Export(
        "agreements:base_list",
        [
            "Base ID",
            "Base",
            "Enterprise",
            "Status",
            "Agreement in force until",
            "Next evaluation due",
            "Students placed",
        ],
        0,
        lambda c: c.base_a.pk,
        lambda c: c.base_b.pk,
        lambda c: {"enterprise": c.enterprise_a.pk},
    ),
    Export(
        "agreements:evaluation_list",
        [
            "Evaluation ID",
            "Base ID",
            "Base",
            "Cycle",
            "Due on",
            "State",
            "Overdue",
            "Submitted on",
            "Evaluated on",
            "Grade",
        ],
        0,
        lambda c: c.cycle_a.pk,
        lambda c: c.cycle_b.pk,
        lambda c: {"q": c.base_a.name},
    ),
    Export(
        "agreements:template_list",
        ["Template ID", "Name", "Version", "What changed", "Published", "Agreements"],
        0,
        _default_template_id,
        lambda c: None,  # the office's own list: nothing belongs to base B
        lambda c: {},  # no filters on this list
        baseadmin=False,
    ),
    Export(
        "students:student_list",
        list(COLUMNS),
        0,
        lambda c: c.student_a.student_no,
        lambda c: c.student_b.student_no,
        lambda c: {"college": c.college_mee.pk},
        headers_translated=False,
    ),
    Export(
        "students:demand_list",
        [
            "Demand ID",
            "Year",
            "Base ID",
            "Base",
            "Job position",
            "Positions",
            "Accepted",
            "Year's total",
            "Agreement's minimum per year",
        ],
        0,
        lambda c: c.demand_a.pk,
        lambda c: c.demand_b.pk,
        lambda c: {"base": c.base_a.pk},
    ),
    Export(
        "assessments:assessment_list",
        [
            "Assessment ID",
            "Month",
            "Student number",
            "Student",
            "Base ID",
            "Base",
            "Attendance days",
            "Score",
            "Grade",
            "State",
            "Confirmed on",
        ],
        0,
        lambda c: c.assessment_a.pk,
        lambda c: c.assessment_b.pk,
        lambda c: {"month": "2026-04", "state": MonthlyAssessment.State.CONFIRMED},
        setup=_assessment_b_unconfirmed,
    ),
    Export(
        "assessments:overdue_list",
        ["Month", "Placement ID", "Student number", "Student", "Base ID", "Base", "Cooperative mentor"],
        1,
        lambda c: c.placement_a.pk,
        lambda c: c.placement_b.pk,
        lambda c: {},  # no filters on this list: base B's row is left out by scope only
        setup=_overdue_months,
        extra={"office_sees_b": True},
    ),
    Export(
        "assessments:policy_list",
        [
            "Policy ID",
            "Base ID",
            "Base",
            "Degree level",
            "Applies from",
            "Monthly amount (CNY)",
            "Extra for an excellent month (CNY)",
            "Amount for a failed month (CNY)",
        ],
        2,
        lambda c: c.base_a.name,
        lambda c: c.base_b.name,
        lambda c: {},  # no filters on this list
        extra={"office_sees_b": True},
    ),
    Export(
        "assessments:ledger",
        [
            "Base",
            "Student number",
            "Name",
            "Month",
            "Days in practice",
            "Amount (CNY)",
            "Reason for a reduced amount",
            "Paid on",
            "Payment reference",
        ],
        1,
        lambda c: c.student_a.student_no,
        lambda c: c.student_b.student_no,
        lambda c: {"month": "2026-04", "base": c.base_a.pk},
        extra={"params": {"month": "2026-04"}},
    ),
    Export(
        "mentors:mentor_list",
        [
            "Mentor ID",
            "Name",
            "Kind",
            "Staff number",
            "Professional title",
            "College or base",
            "Base ID",
            "Appointment",
            "Last appointment ends",
            "Current load",
        ],
        0,
        lambda c: c.mentor_a.pk,
        lambda c: c.mentor_b.pk,
        lambda c: {"base": c.base_a.pk},
    ),
    Export(
        "mentors:recommendation_list",
        [
            "Recommendation ID",
            "Candidate",
            "Base ID",
            "Base",
            "Professional title",
            "Title level",
            "Highest degree",
            "Years of experience",
            "Field",
            "Recommended by",
            "Recommended on",
            "Status",
            "Decided on",
        ],
        0,
        lambda c: c.recommendation_a.pk,
        lambda c: c.recommendation_b.pk,
        lambda c: {"base": c.base_a.pk},
    ),
    Export(
        "mentors:remuneration_list",
        [
            "Base",
            "Mentor",
            "Period starts",
            "Period ends",
            "Basis",
            "Quantity",
            "Amount (CNY)",
            "Paid on",
            "Payment reference",
        ],
        1,
        lambda c: c.mentor_a.full_name,
        lambda c: c.mentor_b.full_name,
        lambda c: {"base": c.base_a.pk},
    ),
    Export(
        "notifications:inbox",
        ["Notice ID", "Sent at", "Kind", "Title", "Message", "Due", "Read at", "Link"],
        0,
        # For the office: its own unread notice is kept, its read one filtered out.
        lambda c: _first_notice(c, "office", unread=True),
        lambda c: _first_notice(c, "office", unread=False),
        lambda c: {"unread": "1"},
        setup=_notices,
    ),
]
BY_NAME = {e.url_name: e for e in EXPORTS}


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def export(client: Client, spec: Export, params: dict[str, Any]) -> FileResponse:
    response = client.get(reverse(spec.url_name), {**params, "export": "xlsx"})
    assert response.status_code == 200, spec.url_name
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    return response


def rows_of(response: FileResponse) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def keys(spec: Export, rows: list[tuple[Any, ...]]) -> list[Any]:
    return [row[spec.key_column] for row in rows[1:]]


@pytest.fixture(params=[e.url_name for e in EXPORTS])
def spec(request: pytest.FixtureRequest, cast: Cast) -> Export:
    export_spec = BY_NAME[request.param]
    if export_spec.setup:
        export_spec.setup(cast)
    return export_spec


def test_the_office_export_has_the_header_and_only_the_filtered_rows(cast: Cast, spec: Export) -> None:
    response = export(client_for(cast, "office"), spec, spec.office_filter(cast))
    rows = rows_of(response)
    assert list(rows[0]) == spec.header_row()
    exported = keys(spec, rows)
    assert spec.key_a(cast) in exported
    if spec.extra.get("office_sees_b"):
        assert spec.key_b(cast) in exported  # a list without filters: the office sees both bases
    elif spec.key_b(cast) is not None:
        assert spec.key_b(cast) not in exported


def test_the_export_holds_every_filtered_row_not_one_page(cast: Cast, spec: Export) -> None:
    grow(cast, 26)
    _more_than_grow(cast, 26)
    client = client_for(cast, "office")
    params = spec.extra.get("params", {})
    exported = keys(spec, rows_of(export(client, spec, params)))
    response = client.get(reverse(spec.url_name), params)
    assert response.status_code == 200
    if "page" in response.context:
        paginator = response.context["page"].paginator
        assert len(exported) == paginator.count > 20
        if paginator.per_page == PAGE_SIZE:
            assert paginator.num_pages > 1  # more than the page shows
    else:  # lists shown whole
        shown = response.context.get("overdue") or response.context["versions"]
        assert len(exported) == len(shown) > 20


@pytest.mark.parametrize("persona", ["baseadmin", "baseadmin2"])
def test_a_base_admins_export_holds_nothing_of_the_other_base(cast: Cast, spec: Export, persona: str) -> None:
    client = client_for(cast, persona)
    if not spec.baseadmin:
        assert client.get(reverse(spec.url_name), {"export": "xlsx"}).status_code == 403
        return
    if spec.url_name == "notifications:inbox":
        # Notices are personal: each admin's export holds their own notices only.
        rows = rows_of(export(client, spec, {}))
        mine = set(Notification.objects.filter(recipient=cast.users[persona]).values_list("pk", flat=True))
        assert set(keys(spec, rows)) == mine
        return
    rows = rows_of(export(client, spec, spec.extra.get("params", {})))
    assert list(rows[0]) == spec.header_row()
    own, other = (spec.key_a, spec.key_b) if persona == "baseadmin" else (spec.key_b, spec.key_a)
    exported = keys(spec, rows)
    assert own(cast) in exported
    assert other(cast) not in exported
    if persona == "baseadmin":
        text = " ".join(str(value) for row in rows[1:] for value in row)
        for b_text in B_TEXTS:
            assert b_text not in text


@pytest.mark.parametrize("persona", ["office", "baseadmin"])
def test_the_export_query_count_does_not_grow_with_the_rows(cast: Cast, spec: Export, persona: str) -> None:
    if not spec.baseadmin and persona == "baseadmin":
        pytest.skip("the office's list only")
    client = client_for(cast, persona)
    # The office with the list's filter, base A's admin with the list as it opens.
    params = spec.office_filter(cast) if persona == "office" else spec.extra.get("params", {})
    params = {**params, "export": "xlsx"}
    url = reverse(spec.url_name)
    grow(cast, 3)
    _more_than_grow(cast, 3)
    # Growing gives new accounts their roles, which drops every account's kept access: warm it first.
    client.get(url, params)
    with CaptureQueriesContext(connection) as few:
        small = rows_of(client.get(url, params))
    grow(cast, 9)
    _more_than_grow(cast, 9)
    client.get(url, params)
    with CaptureQueriesContext(connection) as many:
        large = rows_of(client.get(url, params))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(large) > len(small)


def _more_than_grow(cast: Cast, n: int) -> None:
    """What grow() does not add: notices, agreement templates, and bases and evaluations of base A's admin."""
    template = template_ensure_default()
    for i in range(n):
        base = factories.BaseFactory(enterprise=cast.enterprise_a, university=cast.university)
        base_grant_admin(base=base, user=cast.users["baseadmin"])
        # Earlier agreements of base A, one after another: PostgreSQL refuses two in force at once.
        signed = dt.date(1800 + 4 * cast.base_a.agreements.count(), 1, 1)  # four apart: terms never overlap
        evaluation_schedule(agreement=factories.AgreementFactory(base=cast.base_a, party_a_signed_on=signed))
        for persona in ("office", "baseadmin"):
            Notification.objects.create(
                recipient=cast.users[persona],
                kind="notice_filed",
                subject_type="students.placement",
                subject_id=next(SUBJECT_IDS),
                due="2026-06-01",
                title=f"增加{i}",
                body="内容",
            )
        template_publish_version(
            name=template.name, body=template.body, change_note=f"修订{i}", created_by=cast.users["office"]
        )


def test_the_file_is_named_after_the_list_and_today(cast: Cast) -> None:
    response = export(client_for(cast, "office"), BY_NAME["agreements:base_list"], {})
    expected = export_filename(gettext("Bases"))
    assert expected.endswith(f"-{timezone.localdate():%Y-%m-%d}.xlsx")
    assert response.filename == expected


def test_a_text_that_looks_like_a_formula_is_exported_as_text(cast: Cast) -> None:
    _notices(cast)
    rows = rows_of(export(client_for(cast, "office"), BY_NAME["notifications:inbox"], {}))
    assert {row[4] for row in rows[1:]} == {"'=1+1 内容"}


def test_times_are_written_as_local_wall_clock_times() -> None:
    moment = dt.datetime(2026, 1, 1, 0, 30, tzinfo=dt.UTC)
    assert safe_value(moment) == dt.datetime(2026, 1, 1, 8, 30)  # noqa: DTZ001 - Asia/Shanghai, as Excel shows it


def test_only_get_requests_export(cast: Cast) -> None:
    """A form posted back to the list (the assessments' confirmation) is not taken for an export."""
    client = client_for(cast, "office")
    response = client.post(reverse("assessments:assessment_list") + "?export=xlsx", {})
    assert not response.get("Content-Disposition", "").startswith("attachment")


LIST_PAGES = {
    **{e.url_name: e.extra.get("params", {}) for e in EXPORTS},
}


@pytest.mark.parametrize("url_name", sorted(LIST_PAGES))
def test_every_list_page_links_to_its_export_with_its_filters(cast: Cast, url_name: str) -> None:
    spec = BY_NAME[url_name]
    if spec.setup:
        spec.setup(cast)
    params = {**LIST_PAGES[url_name], **spec.office_filter(cast), "page": "1"}
    response = client_for(cast, "office").get(reverse(url_name), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "export=xlsx" in html
    link = next(part for part in html.split('href="')[1:] if "export=xlsx" in part).split('"')[0]
    assert link.startswith(reverse(url_name) + "?")
    for name in params:
        if name != "page":
            assert f"{name}=" in link  # the filters go along to the export
    assert "page=" not in link  # the export is of every page
