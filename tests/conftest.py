"""Shared fixtures: the fixed cast of personas and the small world they live in.

Enterprise A hosts ``base_a``; enterprise B hosts ``base_b``. ``student_a`` (college MEE,
supervised by ``supervisor``, mentored by ``mentor``) is placed at base A; ``student_b``
(another college, another supervisor and mentor) at base B. Every persona but the office and
the API client sees only one side, so each test can check both "mine" and "not mine".
"""

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import College, Organisation, User
from accounts.roles import Role, roles_sync
from accounts.services import user_set_roles
from agreements.models import Agreement, CommitteeMember, EvaluationCycle, EvaluationMaterial, Party, TrainingBase
from agreements.services import base_grant_admin, committee_member_add, evaluation_schedule
from assessments.models import AllowancePayment, AllowancePolicy, MonthlyAssessment
from mentors.models import Appointment, Degree, Mentor, MentorRecommendation, RemunerationRecord, TitleLevel
from mentors.services import appointment_create, recommendation_create, remuneration_record
from notifications.models import Notification
from students.models import (
    DisclosureRequest,
    Placement,
    PositionDemand,
    PracticeAppraisal,
    PracticeNotice,
    SafetyAgreement,
    Selection,
    Student,
)

from . import factories

PERSONAS = (
    "anonymous",
    "office",
    "college",
    "supervisor",
    "baseadmin",
    "baseadmin2",
    "mentor",
    "student",
    "outsider",
    "api_client",
)


@dataclass
class Cast:
    """The personas and the objects the permission matrix points them at."""

    university: Organisation
    college_mee: College
    college_cs: College
    enterprise_a: Organisation
    enterprise_b: Organisation
    base_a: TrainingBase
    base_b: TrainingBase
    supervisor_mentor: Mentor
    supervisor_b: Mentor
    mentor_a: Mentor
    mentor_b: Mentor
    student_a: Student
    student_b: Student
    placement_a: Placement
    placement_b: Placement
    agreement_a: Agreement
    agreement_b: Agreement
    cycle_a: EvaluationCycle
    cycle_b: EvaluationCycle
    material_a: EvaluationMaterial
    material_b: EvaluationMaterial
    member_a: CommitteeMember
    member_b: CommitteeMember
    appointment_a: Appointment
    appointment_b: Appointment
    recommendation_a: MentorRecommendation
    recommendation_b: MentorRecommendation
    remuneration_a: RemunerationRecord
    remuneration_b: RemunerationRecord
    demand_a: PositionDemand
    demand_b: PositionDemand
    selection_a: Selection
    selection_b: Selection
    notice_a: PracticeNotice
    notice_b: PracticeNotice
    disclosure_a: DisclosureRequest
    disclosure_b: DisclosureRequest
    assessment_a: MonthlyAssessment
    assessment_b: MonthlyAssessment
    payment_a: AllowancePayment
    payment_b: AllowancePayment
    notification: Notification
    users: dict[str, User]

    def user(self, persona: str) -> User | None:
        return self.users.get(persona)


def _login(username: str, role: Role | None, **fields: object) -> User:
    user = factories.UserFactory(username=username, full_name=f"{username}-name", **fields)
    if role is not None:
        user_set_roles(user=user, roles=[role])
    return user


@pytest.fixture
def cast(db: None) -> Cast:
    roles_sync()
    university = factories.UniversityFactory()
    college_mee = factories.CollegeFactory(university=university, name="机电工程学院", code="MEE")
    college_cs = factories.CollegeFactory(university=university, name="计算机学院", code="CS")
    enterprise_a = factories.EnterpriseFactory(name="甲企业")
    enterprise_b = factories.EnterpriseFactory(name="乙企业")
    base_a = factories.BaseFactory(name="甲企业基地", enterprise=enterprise_a, university=university)
    base_b = factories.BaseFactory(name="乙企业基地", enterprise=enterprise_b, university=university)
    agreement_a = factories.AgreementFactory(
        base=base_a, signed_scan=SimpleUploadedFile("signed-a.pdf", b"%PDF-1.4 A", content_type="application/pdf")
    )
    agreement_b = factories.AgreementFactory(
        base=base_b, signed_scan=SimpleUploadedFile("signed-b.pdf", b"%PDF-1.4 B", content_type="application/pdf")
    )
    cycle_a, cycle_b = (evaluation_schedule(agreement=a)[0] for a in (agreement_a, agreement_b))
    materials = [
        EvaluationMaterial.objects.create(
            cycle=cycle,
            title="自评报告",
            file=SimpleUploadedFile("report.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )
        for cycle in (cycle_a, cycle_b)
    ]
    members = [
        committee_member_add(
            base=base,
            party=Party.A,
            category=CommitteeMember.Category.COLLEGE_LEADER,
            full_name="主任",
            is_chair=True,
            term_start=dt.date(2026, 3, 1),
        )
        for base in (base_a, base_b)
    ]

    users = {
        "office": _login("office", Role.OFFICE, organisation=university, is_staff=True),
        "college": _login("college", Role.COLLEGE, organisation=university, college=college_mee),
        "supervisor": _login("supervisor", Role.SUPERVISOR, organisation=university, college=college_mee),
        "baseadmin": _login("baseadmin", Role.BASE_ADMIN, organisation=enterprise_a),
        "baseadmin2": _login("baseadmin2", Role.BASE_ADMIN, organisation=enterprise_b),
        "mentor": _login("mentor", Role.MENTOR, organisation=enterprise_a),
        "student": _login("student", Role.STUDENT, organisation=university, college=college_mee),
        "outsider": _login("outsider", None),
        "api_client": _login("api_client", Role.API_CLIENT, organisation=university),
    }
    base_grant_admin(base=base_a, user=users["baseadmin"])
    base_grant_admin(base=base_b, user=users["baseadmin2"])

    supervisor_mentor = factories.SupervisorFactory(
        full_name="张导师", college=college_mee, organisation=university, user=users["supervisor"]
    )
    supervisor_b = factories.SupervisorFactory(full_name="李导师", college=college_cs, organisation=university)
    mentor_a = factories.CooperativeMentorFactory(full_name="刘工", base=base_a, user=users["mentor"])
    mentor_b = factories.CooperativeMentorFactory(full_name="孙工", base=base_b)
    student_a = factories.StudentFactory(
        student_no="TS26A0001",
        full_name="陈同学",
        college=college_mee,
        supervisor=supervisor_mentor,
        user=users["student"],
    )
    student_b = factories.StudentFactory(
        student_no="TS26B0001", full_name="高同学", college=college_cs, supervisor=supervisor_b
    )
    appointments = [
        appointment_create(
            mentor=mentor, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2035, 8, 31), letter_number=f"聘-{mentor.pk}"
        )
        for mentor in (mentor_a, mentor_b)
    ]
    recommendations = [
        recommendation_create(
            base=base,
            recommended_by=users[admin],
            full_name=f"候选人{side}",
            title="高级工程师",
            title_level=TitleLevel.ASSOCIATE_SENIOR,
            degree=Degree.MASTER,
            years_of_experience=8,
            field="机械",
            cv=SimpleUploadedFile(f"cv-{side}.pdf", b"%PDF-1.4 cv", content_type="application/pdf"),
        )
        for base, admin, side in ((base_a, "baseadmin", "A"), (base_b, "baseadmin2", "B"))
    ]
    placement_a = factories.PlacementFactory(student=student_a, base=base_a, cooperative_mentor=mentor_a)
    placement_b = factories.PlacementFactory(student=student_b, base=base_b, cooperative_mentor=mentor_b)
    office = users["office"]
    assessments, payments = [], []
    for placement in (placement_a, placement_b):
        Placement.objects.filter(pk=placement.pk).update(
            practice_start=dt.date(2026, 3, 1), practice_end=dt.date(2026, 8, 31)
        )
        policy = AllowancePolicy.objects.create(
            base=placement.base,
            degree_level="master",
            effective_from=dt.date(2026, 1, 1),
            base_amount=Decimal("1500.00"),
            failed_amount=Decimal("800.00"),
        )
        assessment = MonthlyAssessment.objects.create(
            placement=placement,
            base=placement.base,
            month=dt.date(2026, 4, 1),
            attendance_days=20,
            score=85,
            grade="good",
            state=MonthlyAssessment.State.CONFIRMED,
        )
        assessments.append(assessment)
        payments.append(
            AllowancePayment.objects.create(
                assessment=assessment,
                placement=placement,
                base=placement.base,
                month=assessment.month,
                policy=policy,
                days_in_practice=30,
                amount=Decimal("1500.00"),
            )
        )
    placement_a.refresh_from_db()
    placement_b.refresh_from_db()
    demands, selections, disclosures, notices = [], [], [], []
    for placement, admin in ((placement_a, users["baseadmin"]), (placement_b, users["baseadmin2"])):
        demand = PositionDemand.objects.create(base=placement.base, year=2026, title="研发岗", count=3, posted_by=admin)
        demands.append(demand)
        selections.append(
            Selection.objects.create(
                demand=demand,
                student=factories.StudentFactory(college=placement.student.college),
                eligible_by_default=True,
                selected_by=office,
            )
        )
        SafetyAgreement.objects.create(
            placement=placement,
            base_signed_on=dt.date(2026, 2, 20),
            student_signed_on=dt.date(2026, 2, 20),
            supervisor_signed_on=dt.date(2026, 2, 21),
            scan=SimpleUploadedFile("safety.pdf", b"%PDF-1.4 safety"),
        )
        PracticeAppraisal.objects.create(
            placement=placement, grade="good", comments="表现良好", issued_on=dt.date(2026, 9, 1), issued_by=admin
        )
        notices.append(
            PracticeNotice.objects.create(
                placement=placement,
                kind=PracticeNotice.Kind.END_EARLY,
                filed_by=Party.B,
                notice_date=dt.date(2026, 6, 1),
                new_end=dt.date(2026, 7, 1),
                reason="项目提前结束",
                filed_by_user=admin,
            )
        )
        disclosures.append(
            DisclosureRequest.objects.create(
                placement=placement,
                kind=DisclosureRequest.Kind.PAPER,
                title="论文",
                summary="算法",
                planned_on=dt.date(2030, 1, 1),
                requested_by=office,
            )
        )
    notification = Notification.objects.create(
        recipient=users["baseadmin"],
        kind="notice_filed",
        subject_type="students.placement",
        subject_id=placement_a.pk,
        due="2026-06-01",
        title="通知",
        body="内容",
        link="/students/",
    )
    remuneration = [
        remuneration_record(
            mentor=mentor,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
            basis=RemunerationRecord.Basis.STUDENTS,
            quantity=Decimal("1"),
            amount=Decimal("1500.00"),
        )
        for mentor in (mentor_a, mentor_b)
    ]
    return Cast(
        university=university,
        college_mee=college_mee,
        college_cs=college_cs,
        enterprise_a=enterprise_a,
        enterprise_b=enterprise_b,
        base_a=base_a,
        base_b=base_b,
        supervisor_mentor=supervisor_mentor,
        supervisor_b=supervisor_b,
        mentor_a=mentor_a,
        mentor_b=mentor_b,
        student_a=student_a,
        student_b=student_b,
        placement_a=placement_a,
        placement_b=placement_b,
        agreement_a=agreement_a,
        agreement_b=agreement_b,
        cycle_a=cycle_a,
        cycle_b=cycle_b,
        material_a=materials[0],
        material_b=materials[1],
        member_a=members[0],
        member_b=members[1],
        appointment_a=appointments[0],
        appointment_b=appointments[1],
        recommendation_a=recommendations[0],
        recommendation_b=recommendations[1],
        remuneration_a=remuneration[0],
        remuneration_b=remuneration[1],
        demand_a=demands[0],
        demand_b=demands[1],
        selection_a=selections[0],
        selection_b=selections[1],
        notice_a=notices[0],
        notice_b=notices[1],
        disclosure_a=disclosures[0],
        disclosure_b=disclosures[1],
        assessment_a=assessments[0],
        assessment_b=assessments[1],
        payment_a=payments[0],
        payment_b=payments[1],
        notification=notification,
        users=users,
    )


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No collectstatic run (static names unhashed), no slow hashing, uploads in a temporary folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("private_media"))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Test databases reuse ids from run to run, and CI's cache is a Redis that outlives them.
    from accounts.access import VERSIONS as ACCESS
    from notifications.services import UNREAD
    from oversight.cache import DASHBOARD
    from oversight.cache import VERSIONS as COMPLIANCE

    for kept in (ACCESS, UNREAD, COMPLIANCE, DASHBOARD):
        kept.bump_all()


@pytest.fixture
def jobs_inline(django_capture_on_commit_callbacks: Any) -> Any:
    """Background jobs run where they are started, once the starting request commits.

    Use as ``with jobs_inline(): client.post(...)``; tasks are eager inside it (no worker needed).
    """
    from contextlib import contextmanager

    from base_portal.celery import app

    @contextmanager
    def run() -> Any:
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                yield callbacks
        finally:
            app.conf.task_always_eager = eager

    return run


def _uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip what the environment cannot run, and say why (``make test`` prints the reasons)."""
    no_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to a postgres:// URL (CI does)")
    no_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL (CI does)")
    for item in items:
        if "postgres" in item.keywords and not _uses_postgres():
            item.add_marker(no_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(no_redis)
