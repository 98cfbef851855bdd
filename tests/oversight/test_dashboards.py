"""The dashboards: the office's, each role's home page, and a base's compliance page.

Every test looks at one fixed day, ``TODAY``, 2026-06-15: the cast's students are in practice
(March to August 2026), April is confirmed and paid for, March and May are not assessed.
"""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.access import access_of
from accounts.models import User
from agreements.models import Agreement, EvaluationCycle, Party, TrainingBase
from agreements.selectors import bases_managed_by, bases_visible_to
from agreements.services import base_grant_admin
from assessments.models import AllowancePayment, MonthlyAssessment
from notifications.services import unread_count
from oversight.compliance import DUTIES, duties_of_base, findings_by_base, worst
from oversight.selectors import office_figures
from students.models import Placement, PracticeNotice
from tests import factories
from tests.conftest import Cast
from tests.test_query_counts import grow

TODAY = dt.date(2026, 6, 15)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def office_url(cast: Cast) -> str:
    return reverse("oversight:office_dashboard")


def home_url(cast: Cast) -> str:
    return reverse("home")


def compliance_url(cast: Cast) -> str:
    return reverse("oversight:base_compliance", args=[cast.base_a.pk])


# --- the office's dashboard ----------------------------------------------------------------------


def test_the_office_dashboard_shows_each_figure_as_a_link_to_its_list(cast: Cast) -> None:
    Agreement.objects.filter(pk=cast.agreement_b.pk).update(in_force_until=TODAY + dt.timedelta(days=20))
    EvaluationCycle.objects.filter(pk=cast.cycle_a.pk).update(due_on=TODAY - dt.timedelta(days=1))
    AllowancePayment.objects.filter(pk=cast.payment_a.pk).update(paid_on=dt.date(2026, 5, 10))
    AllowancePayment.objects.filter(pk=cast.payment_b.pk).update(amount=Decimal("800.00"))
    TrainingBase.objects.filter(pk=cast.base_b.pk).update(status=TrainingBase.Status.SUSPENDED)

    response = client_for(cast, "office").get(reverse("oversight:office_dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    ctx = response.context
    by_status = {f.key: f.value for f in ctx["bases_by_status"]}
    assert by_status == {"planned": 0, "active": 1, "suspended": 1, "closed": 0}
    assert 'href="/bases/?status=active"' in html
    assert {f.key: f.value for f in ctx["expiring"]} == {"30": 1, "90": 1, "180": 1}
    assert 'href="/bases/?expiring_within=30"' in html
    assert {f.key: f.value for f in ctx["students_by_stage"]} == {"coursework": 0, "practice": 2, "thesis": 0}
    assert 'href="/students/?stage=practice"' in html
    assert sorted((f.label, f.value) for f in ctx["students_by_base"]) == [("乙企业基地", 1), ("甲企业基地", 1)]
    assert f'href="/students/?base={cast.base_a.pk}"' in html
    # March and May, for each of the two students (April is confirmed).
    assert ctx["overdue_assessments"].value == 4
    assert f'href="{reverse("assessments:overdue_list")}"' in html
    assert {f.key: f.value for f in ctx["evaluations"]} == {"due": 1, "overdue": 1}
    assert 'href="/bases/?evaluation_due=yes"' in html
    assert f'href="{reverse("agreements:evaluation_list")}?overdue=yes"' in html
    april = next(m for m in ctx["allowance"] if m.month == dt.date(2026, 4, 1))
    assert (april.paid, april.paid_count, april.below_floor) == (Decimal("1500.00"), 1, 1)
    assert len(ctx["allowance"]) == 12
    assert ctx["allowance"][-1].month == dt.date(2026, 6, 1)
    assert f'href="{reverse("assessments:ledger")}?month=2026-04"' in html
    assert ctx["allowance_total"] == Decimal("1500.00")
    # The compliance table has a row for each base with findings, counted as the checks count them.
    findings = findings_by_base(TrainingBase.objects.all(), TODAY)
    assert {row.base.pk: (row.red, row.amber) for row in ctx["compliance"]} == {
        pk: (sum(f.level == "red" for f in fs), sum(f.level == "amber" for f in fs)) for pk, fs in findings.items()
    }
    for row in ctx["compliance"]:
        assert row.level == worst(f.level for f in findings[row.base.pk])
        assert f'href="{reverse("oversight:base_compliance", args=[row.base.pk])}"' in html


def test_the_charts_are_drawn_from_json_by_a_local_script(cast: Cast) -> None:
    html = client_for(cast, "office").get(reverse("oversight:office_dashboard")).content.decode()
    assert '<script id="stage-chart" type="application/json">' in html
    assert '<script id="allowance-chart" type="application/json">' in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "/static/js/dashboard.js" in html
    assert "cdn" not in html.lower()
    # No inline script: every <script> either has a src or holds JSON.
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/json"' in opening
    start = html.index('<script id="stage-chart" type="application/json">')
    payload = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert payload["values"] == [0, 2, 0]
    assert payload["urls"][1] == "/students/?stage=practice"


@pytest.mark.parametrize(("persona", "status"), [("baseadmin", 403), ("mentor", 403), ("student", 403)])
def test_only_university_wide_readers_open_the_office_dashboard(cast: Cast, persona: str, status: int) -> None:
    assert client_for(cast, persona).get(reverse("oversight:office_dashboard")).status_code == status


def test_the_office_dashboard_needs_a_login() -> None:
    response = Client().get(reverse("oversight:office_dashboard"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_navigation_offers_the_dashboard_to_the_office_only(cast: Cast) -> None:
    office = client_for(cast, "office").get(reverse("home"))
    labels = [str(item["label"]) for item in office.context["nav_items"]]
    urls = [item["url"] for item in office.context["nav_items"]]
    assert urls[1] == reverse("oversight:office_dashboard")
    assert labels[0] != labels[1]
    admin = client_for(cast, "baseadmin").get(reverse("home"))
    assert reverse("oversight:office_dashboard") not in [item["url"] for item in admin.context["nav_items"]]


# --- home pages ----------------------------------------------------------------------------------


def test_the_office_home_links_to_the_dashboard_and_keeps_its_counts(cast: Cast) -> None:
    response = client_for(cast, "office").get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{reverse("oversight:office_dashboard")}"' in response.content.decode()
    assert response.context["counts"]["bases"] == 2
    assert response.context["counts"]["students"] == Placement.objects.values("student").distinct().count() + 2


def test_the_base_admin_home_shows_their_bases_only(cast: Cast) -> None:
    MonthlyAssessment.objects.create(
        placement=cast.placement_a,
        base=cast.base_a,
        month=dt.date(2026, 5, 1),
        attendance_days=20,
        score=80,
        grade="good",
        state=MonthlyAssessment.State.SUBMITTED,
    )
    MonthlyAssessment.objects.create(
        placement=cast.placement_b,
        base=cast.base_b,
        month=dt.date(2026, 5, 1),
        attendance_days=20,
        score=80,
        grade="good",
        state=MonthlyAssessment.State.SUBMITTED,
    )
    from_a = PracticeNotice.objects.create(
        placement=cast.placement_a,
        kind=PracticeNotice.Kind.EXTEND,
        filed_by=Party.A,
        notice_date=dt.date(2026, 6, 1),
        new_end=dt.date(2026, 9, 30),
        reason="论文需要",
        filed_by_user=cast.users["office"],
    )

    response = client_for(cast, "baseadmin").get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    d = response.context["base_admin"]
    assert d["practising_count"] == 1
    assert [p.pk for p in d["practising"]] == [cast.placement_a.pk]
    assert "陈同学" in html
    assert "高同学" not in html
    assert d["to_confirm_total"] == 1
    assert 'href="/assessments/?state=submitted&amp;month=2026-05"' in html
    # Base A's own notice (filed by Party B) is not theirs to acknowledge; Party A's is.
    assert [n.pk for n in d["notices"]] == [from_a.pk]
    assert f'href="{reverse("students:notice_acknowledge", args=[from_a.pk])}"' in html
    assert [c.pk for c in d["evaluations"]] == [cast.cycle_a.pk]
    assert f'href="{reverse("agreements:evaluation_detail", args=[cast.cycle_a.pk])}"' in html
    assert [row.base.pk for row in d["compliance"]] == [cast.base_a.pk]
    findings = findings_by_base(TrainingBase.objects.filter(pk=cast.base_a.pk), TODAY).get(cast.base_a.pk, [])
    assert d["compliance"][0].level == worst(f.level for f in findings)
    assert f'href="{compliance_url(cast)}"' in html
    assert "乙企业基地" not in html


def test_the_mentor_home_shows_their_students_month_and_overdue_items(cast: Cast) -> None:
    MonthlyAssessment.objects.create(
        placement=cast.placement_a,
        base=cast.base_a,
        month=dt.date(2026, 5, 1),
        attendance_days=20,
        score=80,
        grade="good",
        state=MonthlyAssessment.State.SUBMITTED,
    )

    response = client_for(cast, "mentor").get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    d = response.context["mentor"]
    assert d["students_count"] == 1
    assert d["month"] == dt.date(2026, 5, 1)
    assert [(p.pk, a.state) for p, a in d["month_rows"]] == [(cast.placement_a.pk, "submitted")]
    assert d["month_done"] == 1
    # March only: April is confirmed and May submitted, but not yet confirmed, so still overdue.
    assert [month for _p, month in d["overdue"]] == [dt.date(2026, 3, 1), dt.date(2026, 5, 1)]
    assert d["overdue_total"] == 2
    assert f'href="{reverse("assessments:month_page")}?month=2026-05"' in html
    assert f'href="{reverse("assessments:overdue_list")}"' in html
    assert "高同学" not in html


def test_the_student_home_shows_stages_what_is_due_and_the_allowance(cast: Cast) -> None:
    Placement.objects.filter(pk=cast.placement_a.pk).update(
        coursework_completed_on=dt.date(2026, 1, 15), defence_on=dt.date(2027, 5, 20)
    )
    AllowancePayment.objects.filter(pk=cast.payment_a.pk).update(paid_on=dt.date(2026, 5, 10))

    response = client_for(cast, "student").get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    d = response.context["student"]
    assert [p.pk for p in d["placements"]] == [cast.placement_a.pk]
    for day in ("2026-01-15", "2026-03-01", "2026-08-31", "2027-05-20"):
        assert day in html
    due = [(str(item.label), item.day) for item in d["due"]]
    assert due[0][1] == dt.date(2026, 6, 30)  # this month's work summary
    assert f'href="{reverse("assessments:work_summary")}"' in html
    assert due[-1][1] == dt.date(2027, 5, 20)  # the defence
    assert d["paid_total"] == Decimal("1500.00")
    assert [p.pk for p in d["payments"]] == [cast.payment_a.pk]
    assert "1500.00" in html
    assert "高同学" not in html


def test_other_roles_keep_the_counts_home(cast: Cast) -> None:
    response = client_for(cast, "supervisor").get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"]
    assert "base_admin" not in response.context
    assert "mentor" not in response.context


# --- a base's compliance page --------------------------------------------------------------------


def test_the_compliance_page_lists_every_duty_with_its_level_and_fixing_links(cast: Cast) -> None:
    response = client_for(cast, "baseadmin").get(compliance_url(cast))
    assert response.status_code == 200
    html = response.content.decode()
    results = duties_of_base(cast.base_a, TODAY)
    assert [r.duty.key for r in response.context["duties"]] == [duty.key for duty in DUTIES]
    for result in results:
        with translation.override("zh-hans"):
            assert escape(str(result.duty.title)) in html
        assert f"duty-{result.level}" in html
        for finding in result.findings:
            assert f'href="{escape(finding.url)}"' in html
    assert response.context["level"] == worst(r.level for r in results)


def test_the_base_page_links_to_its_compliance_page(cast: Cast) -> None:
    html = client_for(cast, "baseadmin").get(reverse("agreements:base_detail", args=[cast.base_a.pk])).content
    assert f'href="{compliance_url(cast)}"' in html.decode()


@pytest.mark.parametrize(
    ("persona", "side", "status"),
    [
        ("office", "a", 200),
        ("office", "b", 200),
        ("baseadmin", "a", 200),
        ("baseadmin", "b", 404),
        ("baseadmin2", "b", 200),
        ("college", "a", 200),
        ("mentor", "a", 403),
        ("student", "a", 403),
        ("outsider", "a", 403),
    ],
)
def test_who_opens_a_compliance_page(cast: Cast, persona: str, side: str, status: int) -> None:
    base = cast.base_a if side == "a" else cast.base_b
    url = reverse("oversight:base_compliance", args=[base.pk])
    assert client_for(cast, persona).get(url).status_code == status


# --- fixed query counts --------------------------------------------------------------------------

# (page, persona) -> queries of the page itself and its user, once the user's kept values and the
# day's compliance findings are in the cache (see base_portal.kept). The first
# request after a change grades the changed bases' duties: a fixed number of queries more per duty,
# whatever the number of bases, which the test measures apart.
PINS = {
    ("office_dashboard", "office"): 2,
    ("home", "office"): 5,
    ("home", "baseadmin"): 9,
    ("home", "mentor"): 7,
    ("home", "student"): 5,
    ("base_compliance", "baseadmin"): 2,
    ("base_compliance", "office"): 2,
}
URLS = {"office_dashboard": office_url, "home": home_url, "base_compliance": compliance_url}


def grading_queries(cast: Cast, page: str, persona: str) -> int:
    """What grading the compliance duties (and counting the office's figures) costs, measured apart and uncached."""
    user = cast.users[persona]
    user.has_perm("accounts.view_all_records")  # the permissions are cached on the user: load them outside
    with CaptureQueriesContext(connection) as ctx:
        if page == "office_dashboard":
            findings_by_base(bases_visible_to(user), TODAY)
            office_figures(user, TODAY)  # the university-wide figures, kept like the findings
        elif page == "home" and persona == "baseadmin":
            findings_by_base(bases_managed_by(user), TODAY)
        elif page == "base_compliance":
            findings_by_base(TrainingBase.objects.filter(pk=cast.base_a.pk), TODAY)
    return len(ctx.captured_queries)


def grow_dashboards(cast: Cast, n: int) -> None:
    """``n`` more of everything, and more for the dashboards: bases administered, months to confirm."""
    grow(cast, n)
    admin = cast.users["baseadmin"]
    for _ in range(n):
        placement = factories.PlacementFactory(
            base=factories.BaseFactory(enterprise=cast.enterprise_a),
            cooperative_mentor=cast.mentor_a,
            practice_start=dt.date(2026, 3, 1),
            practice_end=dt.date(2026, 8, 31),
        )
        factories.AgreementFactory(base=placement.base)
        base_grant_admin(base=placement.base, user=admin)
        MonthlyAssessment.objects.create(
            placement=placement,
            base=placement.base,
            month=dt.date(2026, 5, 1),
            attendance_days=20,
            score=70,
            grade="pass",
            state=MonthlyAssessment.State.SUBMITTED,
        )
        PracticeNotice.objects.create(
            placement=placement,
            kind=PracticeNotice.Kind.END_EARLY,
            filed_by=Party.A,
            notice_date=dt.date(2026, 6, 1),
            new_end=dt.date(2026, 7, 31),
            reason="提前结束",
            filed_by_user=cast.users["office"],
        )


def measure(cast: Cast, page: str, persona: str) -> tuple[int, int]:
    """The page's queries when it grades the duties (first after a change), and when it reads them kept."""
    client = client_for(cast, persona)
    url = URLS[page](cast)
    user = User.objects.get(pk=cast.users[persona].pk)
    access_of(user), unread_count(user)  # the user's own kept values, measured in test_query_counts
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts[0], counts[1]


@pytest.mark.parametrize(("page", "persona"), sorted(PINS))
def test_dashboard_query_count_is_pinned_and_flat(cast: Cast, page: str, persona: str) -> None:
    grow_dashboards(cast, 3)
    small = measure(cast, page, persona)
    grow_dashboards(cast, 17)
    large = measure(cast, page, persona)
    grading = grading_queries(cast, page, persona)
    pin = PINS[page, persona]
    assert (small, large) == ((pin + grading, pin), (pin + grading, pin))


def test_the_grown_data_reaches_the_dashboards(cast: Cast) -> None:
    """The query-count test means something only if the pages list more rows after growing."""
    grow_dashboards(cast, 3)
    before: dict[str, Any] = {
        "admin": client_for(cast, "baseadmin").get(reverse("home")).context["base_admin"],
        "mentor": client_for(cast, "mentor").get(reverse("home")).context["mentor"],
        "office": client_for(cast, "office").get(reverse("oversight:office_dashboard")).context,
    }
    counts_before = (
        len(before["admin"]["compliance"]),
        before["admin"]["to_confirm_total"],
        before["admin"]["notices_count"],
        before["mentor"]["students_count"],
        sum(f.value for f in before["office"]["bases_by_status"]),
    )
    grow_dashboards(cast, 17)
    admin = client_for(cast, "baseadmin").get(reverse("home")).context["base_admin"]
    mentor = client_for(cast, "mentor").get(reverse("home")).context["mentor"]
    office = client_for(cast, "office").get(reverse("oversight:office_dashboard")).context
    counts_after = (
        len(admin["compliance"]),
        admin["to_confirm_total"],
        admin["notices_count"],
        mentor["students_count"],
        sum(f.value for f in office["bases_by_status"]),
    )
    assert all(after > small for small, after in zip(counts_before, counts_after, strict=True))
    assert len(admin["compliance"]) == 21
