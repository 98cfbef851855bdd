"""Build a small, coherent demo world, with one login per role. Running it again changes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import Organisation, User
from accounts.roles import Role, roles_sync
from accounts.services import college_create, organisation_create, user_create
from accounts.validators import credit_code_check_character
from agreements.models import (
    Agreement,
    CommitteeMember,
    EvaluationCycle,
    ExchangeActivity,
    InnovationActivity,
    Party,
    TrainingBase,
)
from agreements.services import (
    agreement_create_draft,
    agreement_record_signature,
    agreement_terminate,
    base_create,
    base_grant_admin,
    briefing_record,
    committee_member_add,
    evaluation_add_material,
    evaluation_record_result,
    evaluation_request_materials,
    evaluation_submit,
    exchange_record,
    fund_record,
    funded_project_add,
    innovation_activity_record,
    template_ensure_default,
)
from assessments.models import month_start
from assessments.selectors import mentor_month_placements
from assessments.services import MonthRow, assessment_confirm, month_save, payment_record_paid, policy_set
from base_portal import rules
from base_portal.choices import FourLevelGrade
from mentors.models import Degree, Mentor, MentorAssessment, RemunerationRecord, TitleLevel
from mentors.services import (
    appointment_create,
    mentor_assessment_record,
    mentor_create,
    recommendation_create,
    recommendation_reject,
    remuneration_record,
    training_record,
)
from students.models import Placement, PositionDemand, Student
from students.services import (
    appraisal_issue,
    confidentiality_confirm,
    coursework_record,
    demand_post,
    insurance_record,
    practice_finish,
    practice_plan,
    practice_start,
    safety_agreement_record,
    selection_accept,
    selection_propose,
    student_create,
    thesis_record_proposal,
    thesis_set_topic,
)

DEMO_PASSWORD = "JointBase-2026"  # noqa: S105 - the demo's published password, printed and in the README
DEMO_LOGINS = {
    "office": Role.OFFICE,
    "college": Role.COLLEGE,
    "supervisor": Role.SUPERVISOR,
    "baseadmin": Role.BASE_ADMIN,
    "baseadmin2": Role.BASE_ADMIN,
    "mentor": Role.MENTOR,
    "student": Role.STUDENT,
}


def credit_code(first17: str) -> str:
    """A demo credit code made valid by computing its check character."""
    return first17 + credit_code_check_character(first17)


def years_ago(today: dt.date, years: int, days: int = 0) -> dt.date:
    return rules.add_months(today, -12 * years) - dt.timedelta(days=days)


class Command(BaseCommand):
    help = "Create demo data and the demo logins (office, college, supervisor, baseadmin, baseadmin2, mentor, student)."

    def handle(self, *args: object, **options: object) -> None:
        if User.objects.filter(username="office").exists():
            self.stdout.write("Demo data already present; nothing changed.")
        else:
            with transaction.atomic():
                roles_sync()
                self.build(timezone.localdate())
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        with translation.override("zh-hans"):
            self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<11} {role.label}")

    def build(self, today: dt.date) -> None:
        university = organisation_create(
            kind=Organisation.Kind.UNIVERSITY,
            name="中国矿业大学",
            short_name="矿大",
            credit_code=credit_code("12100000466007805"),
        )
        colleges = {
            code: college_create(university=university, name=name, code=code)
            for code, name in [
                ("MIN", "矿业工程学院"),
                ("MEE", "机电工程学院"),
                ("CS", "计算机科学与技术学院"),
                ("SAF", "安全工程学院"),
            ]
        }
        ent_a = organisation_create(
            kind=Organisation.Kind.ENTERPRISE,
            name="徐州华智矿山装备有限公司",
            credit_code=credit_code("91320300MA1W0A2B3"),
        )
        ent_b = organisation_create(
            kind=Organisation.Kind.ENTERPRISE,
            name="江苏清源能源科技股份有限公司",
            credit_code=credit_code("91320100MA1X4C5D6"),
        )
        ent_c = organisation_create(
            kind=Organisation.Kind.ENTERPRISE,
            name="南京数矿信息技术有限公司",
            credit_code=credit_code("91320115MA1Y7E8F9"),
        )

        active = TrainingBase.Status.ACTIVE
        base_a = base_create(
            name="华智矿山装备研究生联合培养基地",
            enterprise=ent_a,
            university=university,
            office_department="创新管理办公室",
            office_contact="钱晓燕",
            office_phone="0516-83880001",
            status=active,
        )
        base_b = base_create(
            name="清源能源研究生联合培养基地",
            enterprise=ent_b,
            university=university,
            office_department="创新管理办公室",
            office_contact="何建国",
            office_phone="025-52090002",
            status=active,
        )
        base_b2 = base_create(
            name="清源能源储能研究生联合培养基地",
            enterprise=ent_b,
            university=university,
            office_department="创新管理办公室",
            status=TrainingBase.Status.CLOSED,
        )
        base_c = base_create(
            name="数矿信息研究生联合培养基地",
            enterprise=ent_c,
            university=university,
            office_department="创新管理办公室",
            office_contact="冯敏",
        )

        # Base A: an expired agreement and its renewal, now in force.
        old = self.signed(base_a, years_ago(today, 3, 400), min_students=3)
        self.signed(base_a, years_ago(today, 0, 400), min_students=4, predecessor=old)
        # Base B: in force, expiring within about two months.
        self.signed(base_b, years_ago(today, 3, -60), min_students=2)
        # Base B2: terminated early by mutual consent.
        ended = self.signed(base_b2, years_ago(today, 1, 200), min_students=2)
        agreement_terminate(
            agreement=ended,
            terminated_on=today - dt.timedelta(days=30),
            cause=Agreement.TerminationCause.MUTUAL,
            terminated_by=Party.B,
            reason="乙方储能业务调整，经双方协商一致提前终止。",
        )
        # Base C: a draft, not yet signed.
        agreement_create_draft(
            base=base_c, template=template_ensure_default(), min_students_per_year=2, party_a_representative="周立新"
        )

        def login(username: str, full_name: str, **extra: object) -> User:
            return user_create(
                username=username,
                full_name=full_name,
                roles=[DEMO_LOGINS[username]],
                password=DEMO_PASSWORD,
                email=f"{username}@example.edu.cn",
                **extra,
            )

        office = login("office", "王静", organisation=university)
        office.is_staff = True
        office.save(update_fields=["is_staff"])
        login("college", "李娜", organisation=university, college=colleges["MEE"])
        u_supervisor = login("supervisor", "张伟", organisation=university, college=colleges["MEE"])
        base_grant_admin(base=base_a, user=login("baseadmin", "钱晓燕", organisation=ent_a))
        base_grant_admin(base=base_b, user=login("baseadmin2", "何建国", organisation=ent_b))
        base_grant_admin(base=base_b2, user=User.objects.get(username="baseadmin2"))
        u_mentor = login("mentor", "刘强", organisation=ent_a)
        u_student = login("student", "陈晨", organisation=university, college=colleges["MEE"])

        sup = Mentor.Kind.SUPERVISOR
        supervisors = [
            mentor_create(
                kind=sup,
                full_name="张伟",
                staff_no="T2003001",
                user=u_supervisor,
                organisation=university,
                college=colleges["MEE"],
                title="教授",
                field="矿山机械",
                phone="0516-83590001",
            ),
            mentor_create(
                kind=sup,
                full_name="李明",
                staff_no="T2005017",
                organisation=university,
                college=colleges["CS"],
                title="教授",
                field="工业互联网",
            ),
            mentor_create(
                kind=sup,
                full_name="陈刚",
                staff_no="T2010042",
                organisation=university,
                college=colleges["MIN"],
                title="副教授",
                field="采矿工程",
            ),
        ]

        def coop(base: TrainingBase, name: str, title: str, field: str, **extra: object) -> Mentor:
            level = TitleLevel.SENIOR if title.startswith("正高级") else TitleLevel.ASSOCIATE_SENIOR
            return mentor_create(
                kind=coop_kind,
                full_name=name,
                organisation=base.enterprise,
                base=base,
                title=title,
                title_level=level,
                degree=Degree.MASTER,
                years_of_experience=12,
                field=field,
                **extra,
            )

        coop_kind = Mentor.Kind.COOPERATIVE
        mentors_a = [
            coop(base_a, "刘强", "正高级工程师", "智能采掘装备", user=u_mentor, phone="13800000001"),
            coop(base_a, "赵磊", "高级工程师", "液压系统"),
        ]
        mentors_b = [coop(base_b, "孙涛", "高级工程师", "储能系统"), coop(base_b, "周婷", "正高级工程师", "电力电子")]
        term_start = today - dt.timedelta(days=500)
        for number, mentor in enumerate([*mentors_a, *mentors_b], start=1):
            appointment_create(
                mentor=mentor,
                starts_on=term_start,
                ends_on=rules.add_months(term_start, 36) - dt.timedelta(days=1),
                letter_number=f"矿大研聘〔{term_start.year}〕{number:03d}号",
            )
        # A mentor whose appointment has lapsed: the portal refuses to give them new students.
        lapsed = coop(base_c, "吴凡", "高级工程师", "数据平台")
        appointment_create(
            mentor=lapsed,
            starts_on=term_start - dt.timedelta(days=1100),
            ends_on=term_start - dt.timedelta(days=30),
            letter_number=f"矿大研聘〔{term_start.year - 3}〕021号",
        )
        training_record(
            mentor=mentors_a[0],
            held_on=term_start + dt.timedelta(days=20),
            topic="研究生培养方案与导师职责",
            hours=Decimal("4.0"),
        )
        mentor_assessment_record(
            mentor=mentors_a[0],
            period_start=term_start,
            period_end=term_start + dt.timedelta(days=364),
            result=MentorAssessment.Result.EXCELLENT,
            comments="指导认真，学生实践成果突出。",
        )
        for mentor in mentors_a:
            remuneration_record(
                mentor=mentor,
                period_start=term_start,
                period_end=term_start + dt.timedelta(days=180),
                basis=RemunerationRecord.Basis.STUDENTS,
                quantity=Decimal("2"),
                amount=Decimal("3000.00"),
                paid_on=term_start + dt.timedelta(days=200),
                reference="财务凭证 2025-0412",
            )

        students = [
            # (number, name, college, supervisor, base, mentor, stage, degree level)
            ("TS24010001", "陈晨", "MEE", 0, base_a, mentors_a[0], Placement.Stage.PRACTICE, "master", u_student),
            ("TS24010002", "林雨", "MEE", 0, base_a, mentors_a[0], Placement.Stage.PRACTICE, "master", None),
            ("TS24010003", "黄磊", "MEE", 0, base_a, mentors_a[1], Placement.Stage.THESIS, "master", None),
            ("TS25010004", "郑爽", "CS", 1, base_a, mentors_a[1], Placement.Stage.COURSEWORK, "master", None),
            ("BS23010005", "马骁", "MIN", 2, base_a, mentors_a[0], Placement.Stage.PRACTICE, "doctoral", None),
            ("TS24020006", "高远", "CS", 1, base_b, mentors_b[0], Placement.Stage.PRACTICE, "master", None),
            ("TS24020007", "杜鹃", "MEE", 0, base_b, mentors_b[1], Placement.Stage.THESIS, "master", None),
            ("TS25020008", "韩梅", "MIN", 2, base_b, mentors_b[0], Placement.Stage.COURSEWORK, "master", None),
            ("BS24020009", "曹阳", "CS", 1, base_b, mentors_b[1], Placement.Stage.PRACTICE, "doctoral", None),
            ("TS25030010", "彭飞", "SAF", 2, None, None, None, "master", None),
        ]
        for number, name, college, sup_i, base, mentor, stage, level, user in students:
            student = student_create(
                student_no=number,
                full_name=name,
                college=colleges[college],
                major="机械工程" if college == "MEE" else "工程",
                degree_level=Student.DegreeLevel(level),
                degree_type=Student.DegreeType.PROFESSIONAL,
                study_mode=Student.StudyMode.FULL_TIME,
                employment_type=Student.EmploymentType.NON_DIRECTED,
                enrolment_year=2000 + int(number[2:4]),
                supervisor=supervisors[sup_i],
                user=user,
            )
            if base is None:
                continue
            self.journey(student, base, mentor, Placement.Stage(stage), today)
        self.governance(base_a, base_b, today)
        self.allowances(base_a, base_b, today)

    def journey(
        self, student: Student, base: TrainingBase, mentor: Mentor, stage: Placement.Stage, today: dt.date
    ) -> None:
        """Take a student through demand, selection and the stages, as far as ``stage``, by the services."""
        office = User.objects.get(username="office")
        admin = User.objects.filter(organisation=base.enterprise, groups__name=Role.BASE_ADMIN).first() or office
        year = today.year - (0 if stage == Placement.Stage.COURSEWORK else 1)
        demand = PositionDemand.objects.filter(base=base, year=year).first() or demand_post(
            base=base,
            year=year,
            title="智能装备研发岗" if base.name.startswith("华智") else "储能系统工程岗",
            count=6,
            requirements="机械、控制或相关专业",
            posted_by=admin,
        )
        selection = selection_propose(demand=demand, student=student, selected_by=office)
        placement = selection_accept(selection=selection, answered_by=admin, cooperative_mentor=mentor, today=today)
        if stage == Placement.Stage.COURSEWORK:
            coursework_record(placement=placement, credits_required=32, credits_earned=20)
            return
        start = today - dt.timedelta(days=75 if stage == Placement.Stage.PRACTICE else 375)
        coursework_record(
            placement=placement, credits_required=32, credits_earned=32, completed_on=start - dt.timedelta(days=20)
        )
        end = rules.practice_last_day(start, 6)
        agreement = Agreement.objects.filter(base=base).in_force_on(start).get()
        practice_plan(
            placement=placement,
            planned_start=start,
            planned_end=end,
            project="智能综采工作面装备状态监测" if base.name.startswith("华智") else "分布式储能调度优化",
            beyond_agreement_reason="续签协议正在商谈，双方同意实践按计划进行。"
            if end > agreement.in_force_until
            else "",
        )
        safety_agreement_record(
            placement=placement,
            base_signed_on=start - dt.timedelta(days=7),
            student_signed_on=start - dt.timedelta(days=7),
            supervisor_signed_on=start - dt.timedelta(days=5),
            scan=ContentFile(b"%PDF-1.4 demo", name="safety.pdf"),
        )
        insurance_record(
            placement=placement,
            insurer="中国人寿财产保险",
            policy_number=f"PICC-{student.student_no}",
            bought_by=Party(agreement.insurance_party),
            covers_from=start,
            covers_to=end,
        )
        practice_start(placement=placement, started_on=start)
        if stage == Placement.Stage.PRACTICE:
            return
        practice_finish(placement=placement, ended_on=end)
        appraisal_issue(
            placement=placement,
            grade=FourLevelGrade.GOOD,
            issued_by=admin,
            issued_on=end,
            comments="实践期间工作认真，能独立完成项目分配的研发任务，团队协作良好。",
        )
        thesis_set_topic(placement=placement, topic="基于实践项目的" + placement.practice_project + "研究")
        confidentiality_confirm(
            placement=placement, confirmed_on=end + dt.timedelta(days=10), is_confidential=False, confirmed_by=admin
        )
        thesis_record_proposal(placement=placement, proposal_on=end + dt.timedelta(days=20))

    def allowances(self, base_a: TrainingBase, base_b: TrainingBase, today: dt.date) -> None:
        """Allowance policies, and the last two months of assessments: confirmed, paid, submitted."""
        for base in (base_a, base_b):
            policy_set(
                base=base,
                degree_level="master",
                effective_from=today - dt.timedelta(days=800),
                base_amount=Decimal("1500.00"),
                failed_amount=Decimal("800.00"),
                excellent_bonus=Decimal("300.00"),
            )
            policy_set(
                base=base,
                degree_level="doctoral",
                effective_from=today - dt.timedelta(days=800),
                base_amount=Decimal("2500.00"),
                failed_amount=Decimal("1500.00"),
            )
        mentor = User.objects.get(username="mentor")
        admin = User.objects.get(username="baseadmin")
        last_month = month_start(rules.add_months(today, -1))
        before = rules.add_months(last_month, -1)
        placements = list(mentor_month_placements(mentor, before))
        scores = [92, 85, 58]
        rows = [
            MonthRow(
                placement=p,
                attendance_days=min(20, rules.days_in_practice(before, p.practice_start, p.practice_end)),
                score=scores[i % 3],
                work_summary="完成装备状态监测模块的数据采集与分析。",
            )
            for i, p in enumerate(placements)
        ]
        for assessment in month_save(mentor=mentor, month=before, rows=rows, submit=True):
            payment = assessment_confirm(assessment=assessment, confirmed_by=admin, today=today)
            payment_record_paid(payment=payment, paid_on=today - dt.timedelta(days=10), reference="工资系统 2026-10")
        rows = [
            MonthRow(placement=p, attendance_days=18, score=88) for p in mentor_month_placements(mentor, last_month)
        ]
        month_save(mentor=mentor, month=last_month, rows=rows, submit=True)

    def governance(self, base_a: TrainingBase, base_b: TrainingBase, today: dt.date) -> None:
        """Committee, briefings, activities, fund and evaluations in several states."""
        year = today.year
        a, b = Party.A, Party.B
        cat = CommitteeMember.Category
        for base, chair, leader in ((base_a, "王建华", "钱晓燕"), (base_b, "赵立军", "何建国")):
            start = today - dt.timedelta(days=500)
            committee_member_add(
                base=base,
                party=a,
                category=cat.COLLEGE_LEADER,
                full_name=chair,
                position="学院副院长",
                is_chair=True,
                term_start=start,
            )
            committee_member_add(
                base=base,
                party=a,
                category=cat.DEGREE_COMMITTEE,
                full_name="孙丽",
                position="学位评定分委员会委员",
                term_start=start,
            )
            committee_member_add(
                base=base,
                party=b,
                category=cat.RESEARCH_LEADER,
                full_name=leader,
                position="分管科研副总经理",
                term_start=start,
            )
            committee_member_add(
                base=base,
                party=b,
                category=cat.TECHNICAL_BACKBONE,
                full_name="周明",
                position="总工程师",
                term_start=start,
                term_end=today - dt.timedelta(days=60),
            )
            briefing_record(
                base=base,
                held_on=today - dt.timedelta(days=120),
                summary="通报本年度研究生进站、实践考核与生活补贴发放情况，研究下一年度岗位需求。",
            )
            exchange_record(
                base=base,
                held_on=today - dt.timedelta(days=90),
                title="智能矿山技术前沿讲座",
                kind=ExchangeActivity.Kind.LECTURE,
                participants="基地研究生、合作导师",
                participant_count=36,
            )
        fund = fund_record(
            base=base_a, year=year, amount=Decimal("200000.00"), notes="用于校企合作研究与研究生创新项目"
        )
        funded_project_add(
            fund=fund,
            title="综采装备健康状态智能诊断",
            leader="刘强",
            amount=Decimal("80000.00"),
            students="陈晨、林雨",
        )
        innovation_activity_record(
            base=base_a,
            held_on=today - dt.timedelta(days=45),
            title="全国研究生智能制造创新大赛",
            kind=InnovationActivity.Kind.DISCIPLINE_COMPETITION,
            participants="陈晨、马骁",
            result="二等奖",
        )
        # Base A's first agreement was evaluated; base B's evaluation is overdue with materials requested.
        old = Agreement.objects.filter(base=base_a, renewal__isnull=False).get()
        for cycle in EvaluationCycle.objects.filter(agreement=old):
            evaluation_request_materials(cycle=cycle, note="自评报告、研究生培养情况、导师名单", today=cycle.due_on)
            evaluation_add_material(
                cycle=cycle,
                title="基地自评报告",
                file=ContentFile(b"demo", name="report.pdf"),
                uploaded_by=User.objects.get(username="baseadmin"),
            )
            evaluation_submit(cycle=cycle, today=cycle.due_on)
            evaluation_record_result(
                cycle=cycle,
                grade=EvaluationCycle.Grade.GOOD,
                conclusion="基地运行规范，培养质量良好。",
                evaluated_by=User.objects.get(username="office"),
                evaluated_on=cycle.due_on,
            )
        admin = User.objects.get(username="baseadmin")
        cv = ContentFile("简历（演示）".encode(), name="cv.pdf")
        recommendation_create(
            base=base_a,
            recommended_by=admin,
            full_name="钱磊",
            title="高级工程师",
            title_level=TitleLevel.ASSOCIATE_SENIOR,
            degree=Degree.DOCTORATE,
            years_of_experience=9,
            field="矿山机器人",
            cv=cv,
            reason="主持企业重点研发项目三项。",
        )
        rejected = recommendation_create(
            base=base_a,
            recommended_by=admin,
            full_name="孔维",
            title="工程师",
            title_level=TitleLevel.INTERMEDIATE,
            degree=Degree.BACHELOR,
            years_of_experience=3,
            field="电气自动化",
            cv=ContentFile(b"cv", name="cv2.pdf"),
        )
        recommendation_reject(
            recommendation=rejected,
            reason="职称与从业年限未达到校外合作导师要求。",
            decided_by=User.objects.get(username="office"),
        )
        for cycle in EvaluationCycle.objects.filter(base=base_b, state=EvaluationCycle.State.SCHEDULED):
            evaluation_request_materials(
                cycle=cycle,
                note="请提交两年来的基地建设总结与研究生培养材料。",
                today=cycle.due_on - dt.timedelta(days=30),
            )

    def signed(self, base: TrainingBase, on: dt.date, *, min_students: int, predecessor=None):  # type: ignore[no-untyped-def]
        agreement = agreement_create_draft(
            template=template_ensure_default(),
            base=base,
            min_students_per_year=min_students,
            insurance_party=Party.B,
            party_a_representative="周立新",
            party_b_representative="企业法定代表人",
            predecessor=predecessor,
            remuneration_terms="按指导工作量与指导学生人数，每学期结算一次。",
        )
        agreement_record_signature(agreement=agreement, party=Party.B, signed_on=on - dt.timedelta(days=3))
        return agreement_record_signature(agreement=agreement, party=Party.A, signed_on=on)
