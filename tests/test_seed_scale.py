"""``seed_scale``: a tiny run of the benchmark dataset is in proportion, complete, coherent and deterministic."""

import datetime as dt
from collections import Counter
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role, roles_of
from accounts.scale import (
    DEFAULT_PASSWORD,
    FULL_STUDENTS,
    ScaleConfig,
    assessment_rows,
    build_plan,
    core_rows,
    core_rows_in_database,
    plan_checksum,
    scale_landmarks,
)
from agreements.models import (
    Agreement,
    BaseUserObjectPermission,
    Briefing,
    CommitteeMember,
    EvaluationCycle,
    EvaluationMaterial,
    ExchangeActivity,
    FundedProject,
    InnovationActivity,
    InnovationFund,
    TrainingBase,
)
from assessments.models import AllowancePayment, AllowancePolicy, MonthlyAssessment, WorkSummary
from base_portal import rules
from mentors.models import (
    Appointment,
    Mentor,
    MentorAssessment,
    MentorRecommendation,
    MentorTraining,
    RemunerationRecord,
)
from notifications.models import Notification
from students.models import (
    Award,
    ConfidentialityConfirmation,
    DisclosureRequest,
    InsurancePolicy,
    Placement,
    PositionDemand,
    PracticeAppraisal,
    PracticeNotice,
    SafetyAgreement,
    Selection,
    Student,
)

pytestmark = pytest.mark.django_db

SCALE = "0.002"
EVERY_KIND = (
    Organisation,
    User,
    TrainingBase,
    BaseUserObjectPermission,
    Agreement,
    EvaluationCycle,
    EvaluationMaterial,
    CommitteeMember,
    Briefing,
    ExchangeActivity,
    InnovationFund,
    FundedProject,
    InnovationActivity,
    Mentor,
    Appointment,
    MentorRecommendation,
    MentorTraining,
    MentorAssessment,
    RemunerationRecord,
    Student,
    Placement,
    PositionDemand,
    Selection,
    SafetyAgreement,
    InsurancePolicy,
    PracticeNotice,
    ConfidentialityConfirmation,
    PracticeAppraisal,
    Award,
    DisclosureRequest,
    AllowancePolicy,
    MonthlyAssessment,
    AllowancePayment,
    WorkSummary,
    Notification,
)


def seed(*extra: str) -> str:
    out = StringIO()
    call_command("seed_scale", "--scale", SCALE, *extra, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in EVERY_KIND}


def test_counts_are_in_proportion_and_every_kind_of_record_exists() -> None:
    output = seed()
    assert "Landmarks:" in output
    students = Student.objects.count()
    assert students == round(FULL_STUDENTS * float(SCALE))
    assert 0.97 * students <= Placement.objects.count() < students
    assert TrainingBase.objects.count() == 5  # the minimum
    assert Organisation.objects.filter(kind="enterprise").count() == 5
    assert Mentor.objects.filter(kind="cooperative").count() >= 5
    assert Mentor.objects.filter(kind="supervisor", staff_no__isnull=False).exists()
    # About nine months of assessments per placement, one payment per confirmed one.
    assert 6 * students <= MonthlyAssessment.objects.count() <= 11 * students
    confirmed = MonthlyAssessment.objects.filter(state="confirmed")
    assert AllowancePayment.objects.count() == confirmed.count()
    assert not confirmed.filter(payment__isnull=True).exists()
    empty = [label for label, n in counts().items() if n == 0]
    assert empty == []
    assert set(Placement.objects.values_list("stage", flat=True)) == set(Placement.Stage.values)
    assert set(PracticeNotice.objects.values_list("kind", flat=True)) == set(PracticeNotice.Kind.values)
    statuses = {a.status for a in Agreement.objects.all()}
    assert {"draft", "in_force", "expired", "terminated"} <= statuses
    assert Agreement.objects.filter(predecessor__isnull=False).exists()
    assert EvaluationCycle.objects.filter(state="evaluated").exclude(grade="").exists()


def test_every_login_has_its_role_and_the_shared_password() -> None:
    seed()
    expected = {
        "scale-office": Role.OFFICE,
        "scale-admin-0001": Role.BASE_ADMIN,
        "scale-mentor-0001": Role.MENTOR,
        "scale-student-001": Role.STUDENT,
        "scale-college-01": Role.COLLEGE,
        "scale-supervisor-001": Role.SUPERVISOR,
        "scale-api": Role.API_CLIENT,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert roles_of(user) == [role]
        assert user.is_active
    hashes = set(User.objects.filter(username__startswith="scale-").values_list("password", flat=True))
    assert len(hashes) == 1  # hashed once
    assert User.objects.get(username="scale-office").check_password(DEFAULT_PASSWORD)
    # One base admin per base, granted through guardian; the mentors of the largest base all have logins.
    assert BaseUserObjectPermission.objects.count() == TrainingBase.objects.count()
    largest = scale_landmarks()["largest_base_pk"]
    assert not Mentor.objects.filter(base_id=largest, user__isnull=True).exists()


def test_the_largest_base_is_the_largest_and_the_landmarks_point_at_real_rows() -> None:
    seed()
    marks = scale_landmarks()
    sizes = Counter(dict(Placement.objects.values_list("base").annotate(n=Count("pk")).values_list("base", "n")))
    (first, n_first), (_second, n_second) = sizes.most_common(2)
    assert first == marks["largest_base_pk"]
    assert n_first > n_second
    assert marks["largest_base_placements"] == n_first
    mentor = Mentor.objects.get(user__username=marks["mentor_username"])
    assert mentor.base_id == first
    busiest = dt.datetime.strptime(marks["busiest_payment_month"], "%Y-%m").date()  # noqa: DTZ007
    per_month = Counter(AllowancePayment.objects.values_list("month", flat=True))
    assert per_month[busiest] == max(per_month.values()) == marks["busiest_payment_month_payments"]
    assert Student.objects.filter(enrolment_year=marks["cohort_year"]).count() == marks["cohort_students"]
    cycle = EvaluationCycle.objects.get(pk=marks["evaluated_cycle_pk"])
    assert cycle.base_id == first
    assert cycle.grade


def test_a_second_run_says_already_seeded_and_adds_nothing() -> None:
    seed()
    before = counts()
    output = seed()
    assert "already seeded" in output
    assert counts() == before


def test_an_unfinished_run_is_refused() -> None:
    User.objects.create(username="scale-admin-0001")
    with pytest.raises(CommandError, match="did not finish"):
        seed()


def test_same_seed_and_day_give_the_same_data_and_the_database_holds_the_plan() -> None:
    today = timezone.localdate()
    config = ScaleConfig(today=today, scale=float(SCALE))
    first, second = build_plan(config), build_plan(config)
    assert plan_checksum(first) == plan_checksum(second)
    assert plan_checksum(first) != plan_checksum(build_plan(ScaleConfig(today=today, scale=float(SCALE), seed=7)))
    # Assessments come from each placement's own stream, so chunking cannot change them.
    placement = first.placements[len(first.placements) // 2]
    assert assessment_rows(first, placement) == assessment_rows(second, placement)
    seed("--today", today.isoformat())
    assert core_rows_in_database() == core_rows(first)


def test_the_data_keeps_the_agreement_rules() -> None:
    seed()
    agreements: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for base, start, until in Agreement.objects.filter(effective_from__isnull=False).values_list(
        "base", "effective_from", "in_force_until"
    ):
        agreements.setdefault(base, []).append((start, until))
    for periods in agreements.values():  # what PostgreSQL's exclusion constraint enforces, checked on any database
        periods.sort()
        assert all(earlier[1] < later[0] for earlier, later in pairwise(periods))
    today = timezone.localdate()
    assert all(
        Agreement.objects.filter(base=base).in_force_on(today).count() == 1
        for base in TrainingBase.objects.values_list("pk", flat=True)
    )
    for p in Placement.objects.exclude(practice_start=None):
        if not p.length_exception_reason and not p.practice_ended_early_for:
            assert rules.practice_length_ok(p.practice_start, p.practice_end)
    for a in MonthlyAssessment.objects.select_related("placement"):
        assert rules.days_in_practice(a.month, a.placement.practice_start, a.placement.practice_end) > 0
        assert a.grade == rules.grade_for_score(a.score)
    for payment in AllowancePayment.objects.select_related("placement__student"):
        full_month = payment.days_in_practice == rules.month_bounds(payment.month)[1].day
        if full_month and not payment.reduction_reason:
            assert payment.amount >= rules.allowance_floor(payment.placement.student.degree_level)


def test_key_pages_render_for_the_landmark_users() -> None:
    seed()
    marks = scale_landmarks()
    base = marks["largest_base_pk"]
    pages = {
        marks["office_username"]: [
            "/",
            "/students/",
            f"/bases/{base}/",
            "/oversight/",
            f"/oversight/bases/{base}/compliance/",
            f"/assessments/ledger/?month={marks['busiest_payment_month']}",
        ],
        marks["base_admin_username"]: ["/", f"/bases/{base}/", "/students/"],
        marks["mentor_username"]: ["/", "/assessments/month/"],
        marks["student_username"]: ["/"],
    }
    client = Client()
    for username, urls in pages.items():
        client.force_login(User.objects.get(username=username))
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
    # The busiest mentor's month page lists their students in practice last month.
    client.force_login(User.objects.get(username=marks["mentor_username"]))
    mentor = Mentor.objects.get(user__username=marks["mentor_username"])
    last_month = rules.add_months(timezone.localdate().replace(day=1), -1)
    first, last = rules.month_bounds(last_month)
    practising = Placement.objects.filter(
        cooperative_mentor=mentor, practice_start__lte=last, practice_end__gte=first
    ).select_related("student")
    page = client.get("/assessments/month/").content.decode()
    assert all(p.student.student_no in page for p in practising)


@pytest.mark.postgres
def test_postgresql_enforced_one_agreement_at_a_time_while_loading() -> None:
    seed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = 'agreement_one_in_force_per_base'")
        assert cursor.fetchone() is not None
    assert Agreement.objects.count() > TrainingBase.objects.count()
