"""A deterministic "one university over three years" for benchmarks, behind ``manage.py seed_scale``.

Two halves:

* ``build_plan(config)`` is pure: from the seed, the scale and a fixed "today" it decides every
  record as plain Python values, with ``random.Random(seed)`` drawn in a fixed order. Every date
  is computed from ``today`` (months are counted back from its month), so the same seed and the
  same ``today`` give the same plan, row for row. The monthly assessments (about 400,000 at full
  scale) are not held in the plan: ``assessment_rows(plan, placement)`` derives a placement's
  months from its own ``random.Random(seed, placement)``, so they can be written in chunks and
  come out the same whatever the chunking.
* ``load(plan)`` writes the plan with ``bulk_create`` (a ``transaction.atomic`` per phase), no
  service calls and no per-row saves. On a fresh database the rows, and their primary keys,
  come out identical run after run (the shared password hash has a salt drawn from the seed);
  only ``created_at``, ``updated_at`` and ``date_joined`` carry the load time. On PostgreSQL
  it ends with ``VACUUM (ANALYZE)``, so the planner knows the new tables at once.

The pages count from the real date (``timezone.localdate()``), the data from ``today``: seed
with the day the benchmark runs (the default), or pass ``--today`` and ask the pages for
explicit months. A day later the data has simply aged a day; a month later "last month" on the
mentor's page is a month nobody has assessed yet.

What ``bulk_create`` skips, on purpose: django-simple-history's historical rows and the
``integration`` signal receivers (tombstones on delete, freshness touches on save) are
signal-driven, so the seeded records have no history and touch nothing. Uploaded files (safety
agreement scans, CVs, evaluation materials) are file *names* only; downloading one gives 404.

The data follows the agreement's rules as the services would (``base_portal.rules``): three-year
agreements that never overlap at a base, practice of 6 to 12 months (a few recorded
exceptions), one-month notices, allowances at or above the floor, monthly assessments only for
months in practice. A small share is deliberately out of line, so the compliance view has
findings: a missing safety agreement, an insurance gap, a short notice, an unconfirmed month.
"""

import datetime as dt
import hashlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import RANDOM_STRING_CHARS
from django.utils.translation import gettext

from accounts.models import College, Organisation, User
from accounts.roles import Role, roles_sync
from accounts.validators import credit_code_check_character
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
from agreements.services import template_ensure_default
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

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

USER_PREFIX = "scale-"
OFFICE_USERNAME = "scale-office"
DEFAULT_PASSWORD = "JointBase-2026"  # noqa: S105 - the published benchmark password, as in seed_demo
DEFAULT_SEED = 2026
UNIVERSITY_NAME = "中国矿业大学"
UNIVERSITY_CODE17 = "12100000466007805"

# Full-scale (scale 1) sizes.
FULL_STUDENTS = 45_000
FULL_BASES = 500
FULL_COLLEGES = 20
FULL_COOPERATIVE_MENTORS = 7_000
FULL_SUPERVISORS = 2_000
FULL_OFFICE_USERS = 5
FULL_STUDENT_USERS = 10
FULL_SUPERVISOR_USERS = 20
# Base sizes follow 1 / (rank + BASE_SKEW): about 2,000 students at the largest of 500 bases, ~18 at the smallest.
BASE_SKEW = 3.5
# A base's students go to its mentors by 1 / (rank + MENTOR_SKEW): the busiest mentor has ~5% of a big base.
MENTOR_SKEW = 5.0
SUPERVISOR_SKEW = 3.0

ONE_DAY = dt.timedelta(days=1)
FEN = Decimal("0.01")


# --- vocabulary ----------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞斌宇浩凯健俊帆晨阳琳雪梅欣怡博文志远思佳嘉豪"
    "子涵雨萱梓轩诺然航妍家乐晓东海峰建国立新振天翔瑞泽睿哲婷颖欢鑫磊彤昊铭锦程"
)
# (city, administrative division code used in credit codes and addresses)
CITIES = (
    ("徐州", "320300"),
    ("南京", "320100"),
    ("苏州", "320500"),
    ("无锡", "320200"),
    ("常州", "320400"),
    ("北京", "110108"),
    ("上海", "310115"),
    ("青岛", "370200"),
    ("太原", "140100"),
    ("西安", "610100"),
    ("郑州", "410100"),
    ("包头", "150200"),
    ("淮南", "340400"),
    ("杭州", "330100"),
    ("武汉", "420100"),
    ("成都", "510100"),
    ("重庆", "500000"),
    ("天津", "120116"),
    ("大连", "210200"),
    ("兰州", "620100"),
    ("鄂尔多斯", "150600"),
    ("大同", "140200"),
    ("唐山", "130200"),
    ("济宁", "370800"),
    ("平顶山", "410400"),
    ("枣庄", "370400"),
    ("长治", "140400"),
    ("榆林", "610800"),
    ("宿迁", "321300"),
    ("合肥", "340100"),
)
BRAND_CHARS = "中恒泰瑞新博远鼎盛宏达汇通力源金晟安信嘉诚腾隆天元正启明卓越海康融创"


@dataclass(frozen=True)
class Industry:
    """An enterprise's line of business, and what its positions, mentors and projects are about."""

    word: str
    fields: tuple[str, ...]
    projects: tuple[str, ...]
    positions: tuple[str, ...]


INDUSTRIES = (
    Industry(
        "矿山装备",
        ("智能采掘装备", "液压系统", "矿山机器人"),
        ("综采工作面装备状态监测", "采煤机截割部智能控制", "掘进机远程操控系统", "刮板输送机故障诊断"),
        ("装备研发岗", "液压系统设计岗", "智能控制岗"),
    ),
    Industry(
        "能源科技",
        ("储能系统", "电力电子", "新能源发电"),
        ("分布式储能调度优化", "光伏电站功率预测", "煤电机组灵活性改造", "氢能储运安全评估"),
        ("储能系统工程岗", "能源数据分析岗", "电站运维技术岗"),
    ),
    Industry(
        "信息技术",
        ("工业互联网", "数据平台", "人工智能"),
        ("矿山工业互联网平台建设", "井下视频智能识别", "生产数据治理与可视化", "设备预测性维护模型"),
        ("软件开发岗", "算法工程岗", "数据工程岗"),
    ),
    Industry(
        "安全技术",
        ("瓦斯防治", "安全监测", "应急救援"),
        ("瓦斯抽采效果评价", "冲击地压监测预警", "矿井火灾应急决策", "粉尘职业危害防控"),
        ("安全工程岗", "监测预警岗", "应急管理岗"),
    ),
    Industry(
        "地质勘探",
        ("矿产勘查", "水文地质", "地球物理"),
        ("矿井水害隐患探查", "三维地震资料精细解释", "煤层气储层评价", "采空区稳定性评估"),
        ("地质勘查岗", "物探技术岗", "水文地质岗"),
    ),
    Industry(
        "化工新材料",
        ("煤化工", "功能材料", "催化工程"),
        ("煤基碳材料制备工艺", "废水资源化处理", "催化剂性能优化", "高分子复合材料改性"),
        ("工艺研发岗", "材料表征岗", "化工设计岗"),
    ),
    Industry(
        "电气自动化",
        ("电气传动", "自动控制", "供电系统"),
        ("矿井供电系统智能保护", "提升机变频控制", "变电站数字孪生", "电机能效监测"),
        ("电气设计岗", "自动化工程岗", "供电技术岗"),
    ),
    Industry(
        "建设工程",
        ("岩土工程", "隧道工程", "结构工程"),
        ("深部巷道围岩控制", "城市隧道施工监测", "装配式结构节点试验", "基坑变形智能预测"),
        ("施工技术岗", "结构设计岗", "岩土工程岗"),
    ),
    Industry(
        "环保科技",
        ("生态修复", "大气治理", "固废利用"),
        ("采煤沉陷区生态修复", "煤矸石综合利用", "矿区大气污染溯源", "土壤重金属修复"),
        ("环境工程岗", "生态修复岗", "环境监测岗"),
    ),
    Industry(
        "测绘地信",
        ("遥感", "测量工程", "地理信息"),
        ("矿区地表沉降InSAR监测", "无人机倾斜摄影建模", "井下精确定位", "矿山三维地理信息系统"),
        ("测绘工程岗", "遥感数据处理岗", "GIS开发岗"),
    ),
    Industry(
        "智能制造",
        ("工业机器人", "数控技术", "质量工程"),
        ("焊接机器人路径规划", "产线数字孪生", "关键零部件质量追溯", "柔性装配系统设计"),
        ("智能制造工程岗", "机器人应用岗", "质量工程岗"),
    ),
    Industry(
        "工程咨询",
        ("工程管理", "技术经济", "项目评估"),
        ("煤矿智能化建设评估", "工程造价数据分析", "绿色矿山评价体系", "项目全过程咨询"),
        ("咨询工程岗", "造价分析岗", "项目管理岗"),
    ),
)
COMPANY_SUFFIXES = ("有限公司", "股份有限公司", "科技有限公司", "集团有限公司")
COLLEGES = (
    ("矿业工程学院", ("矿业工程", "采矿工程")),
    ("安全工程学院", ("安全工程",)),
    ("力学与土木工程学院", ("土木水利", "力学")),
    ("机电工程学院", ("机械工程", "电气工程")),
    ("信息与控制工程学院", ("电子信息", "控制工程")),
    ("资源与地球科学学院", ("地质工程", "资源与环境")),
    ("化工学院", ("材料与化工", "化学工程")),
    ("材料与物理学院", ("材料工程",)),
    ("环境与测绘学院", ("测绘工程", "环境工程")),
    ("计算机科学与技术学院", ("计算机技术", "软件工程")),
    ("经济管理学院", ("工程管理", "工商管理")),
    ("低碳能源与动力工程学院", ("动力工程", "能源动力")),
    ("建筑与设计学院", ("建筑学",)),
    ("数学学院", ("应用统计",)),
    ("公共管理学院", ("公共管理",)),
    ("外国语言文化学院", ("翻译",)),
    ("物理学院", ("光学工程",)),
    ("化学与材料学院", ("化学",)),
    ("人工智能研究院", ("人工智能",)),
    ("未来技术学院", ("新一代电子信息技术",)),
)
INSURERS = (("中国人寿财产保险", "CLP"), ("中国平安财产保险", "PAI"), ("中国人民财产保险", "PICC"))
WORK_SUMMARIES = (
    "完成项目现场调研与数据采集。",
    "参与方案设计评审，整理技术文档。",
    "完成模型搭建与初步验证。",
    "参加现场试验，撰写阶段性报告。",
    "优化算法参数，完成对比分析。",
    "协助导师完成课题申报材料。",
    "完成设备调试与运行记录整理。",
    "开展文献综述并形成研究计划。",
)
APPRAISAL_COMMENTS = (
    "实践期间工作认真，能独立完成项目分配的研发任务，团队协作良好。",
    "专业基础扎实，能够将理论知识用于解决现场工程问题。",
    "遵守企业规章制度，完成了实践计划规定的各项任务。",
    "积极主动，勤于思考，在项目中承担了重要的技术工作。",
)
EVALUATION_CONCLUSIONS = {
    "excellent": "基地运行规范，培养成效突出，导师队伍稳定。",
    "good": "基地运行规范，培养质量良好。",
    "pass": "基地基本履行协议职责，岗位与经费保障有待加强。",
    "fail": "基地未能履行协议主要职责，限期整改。",
}
TERMINATION_REASONS = (
    "乙方业务调整，经双方协商一致提前终止。",
    "乙方未按约定提供实践岗位和生活补贴，甲方提前终止协议。",
    "受不可抗力影响，基地无法继续运行。",
)
NOTICE_REASONS = {
    "end_early": ("项目提前结题，实践内容已完成。", "学生需提前返校准备学位论文。", "企业项目调整，实践岗位撤销。"),
    "extend": ("项目现场试验延期，需延长实践。", "课题数据采集尚未完成，双方同意推后结束。"),
}
TRAINING_TOPICS = (
    "研究生培养方案与导师职责",
    "专业学位研究生实践指导规范",
    "学术道德与知识产权保护",
    "研究生安全管理与应急处置",
)
AWARD_TITLES = (
    ("award", "基地优秀实践研究生"),
    ("award", "企业技术创新奖"),
    ("achievement", "实践成果推荐：发明专利一项"),
    ("achievement", "实践成果推荐：核心期刊论文一篇"),
)


# --- configuration and small helpers ---------------------------------------------------------------


@dataclass(frozen=True)
class ScaleConfig:
    """What decides the data: the scale, the seed, the day everything is dated from, and the password."""

    today: dt.date
    scale: float = 1.0
    seed: int = DEFAULT_SEED
    password: str = DEFAULT_PASSWORD

    def n(self, full: int, minimum: int) -> int:
        """``full`` scaled, and never below ``minimum``."""
        return max(minimum, round(full * self.scale))


def academic_year(day: dt.date) -> int:
    """The academic year (starting in September) a day falls in."""
    return day.year if day.month >= 9 else day.year - 1


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_character(first17)


def allocate(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each part at least ``minimum``."""
    parts = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError(f"cannot give {len(weights)} parts at least {minimum} from {total}")
    weight_sum = sum(weights)
    raw = [w * rest / weight_sum for w in weights]
    floors = [int(r) for r in raw]
    left = rest - sum(floors)
    for i in sorted(range(len(raw)), key=lambda i: (floors[i] - raw[i], i))[:left]:
        floors[i] += 1
    return [p + f for p, f in zip(parts, floors, strict=True)]


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


# --- the plan's records ---------------------------------------------------------------------------


@dataclass(slots=True)
class CollegePlan:
    name: str
    code: str
    majors: tuple[str, ...]
    weight: float


@dataclass(slots=True)
class BasePlan:
    """An enterprise and its one base; ``idx`` is also the size rank (0 = the largest)."""

    idx: int
    enterprise_name: str
    short_name: str
    credit_code: str
    address: str
    industry: int
    name: str
    office_contact: str
    office_phone: str
    status: str
    size: int
    admin_username: str


@dataclass(slots=True)
class AgreementPlan:
    idx: int
    base: int
    predecessor: int | None
    party_a_representative: str
    party_b_representative: str
    party_a_signed_on: dt.date | None
    party_b_signed_on: dt.date | None
    effective_from: dt.date | None
    ends_on: dt.date | None
    ends_on_source: str
    in_force_until: dt.date | None
    min_students_per_year: int
    insurance_party: str
    copies: int
    remuneration_terms: str
    terminated_on: dt.date | None = None
    terminated_by: str = ""
    termination_cause: str = ""
    termination_reason: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.effective_from is not None
            and self.in_force_until is not None
            and self.effective_from <= day <= self.in_force_until
        )


@dataclass(slots=True)
class CyclePlan:
    agreement: int
    base: int
    sequence: int
    due_on: dt.date
    state: str
    materials_requested_on: dt.date | None = None
    materials_note: str = ""
    submitted_on: dt.date | None = None
    evaluated_on: dt.date | None = None
    grade: str = ""
    conclusion: str = ""
    materials: int = 0


@dataclass(slots=True)
class MentorPlan:
    idx: int
    kind: str
    full_name: str
    staff_no: str | None
    college: int | None
    base: int | None
    title: str
    title_level: str
    degree: str
    years_of_experience: int | None
    field: str
    phone: str
    username: str = ""


@dataclass(slots=True)
class AppointmentPlan:
    mentor: int
    starts_on: dt.date
    ends_on: dt.date
    letter_number: str
    recommended_on: dt.date | None  # the first term comes from a recommendation


@dataclass(slots=True)
class StudentPlan:
    idx: int
    student_no: str
    full_name: str
    college: int
    major: str
    degree_level: str
    degree_type: str
    study_mode: str
    employment_type: str
    enrolment_year: int
    supervisor: int
    username: str = ""

    @property
    def eligible_by_default(self) -> bool:
        return rules.eligible_by_default(
            full_time=self.study_mode == "full_time",
            non_directed=self.employment_type == "non_directed",
            professional_degree=self.degree_type == "professional",
        )


@dataclass(slots=True)
class NoticePlan:
    kind: str
    filed_by: str
    notice_date: dt.date
    new_end: dt.date
    previous_end: dt.date | None
    reason: str
    acknowledged_on: dt.date | None
    applied_on: dt.date | None


@dataclass(slots=True)
class PlacementPlan:
    idx: int
    student: int
    base: int
    mentor: int
    start: dt.date | None  # practice start (actual or planned); None: not planned yet
    length_months: int
    stage: str = "coursework"
    demand: int = -1
    answered_on: dt.date = dt.date.min  # when the base accepted the student (set for every placement)
    credits_required: int = 32
    credits_earned: int = 0
    coursework_completed_on: dt.date | None = None
    practice_project: str = ""
    planned_practice_start: dt.date | None = None
    planned_practice_end: dt.date | None = None
    length_exception_reason: str = ""
    beyond_agreement_reason: str = ""
    practice_start: dt.date | None = None
    practice_end: dt.date | None = None
    practice_ended_early_for: str = ""
    thesis_topic: str = ""
    proposal_on: dt.date | None = None
    defence_on: dt.date | None = None
    defence_result: str = ""
    insurance_party: str = "B"
    safety: tuple[dt.date, dt.date, dt.date] | None = None
    insurance: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    notice: NoticePlan | None = None
    confidentiality: tuple[dt.date, bool] | None = None
    appraisal: tuple[str, dt.date, str] | None = None
    award: tuple[str, str, dt.date] | None = None
    ability: int = 84
    agreement_until: dt.date | None = None  # the last day of the agreement in force when practice starts


@dataclass(slots=True)
class DemandPlan:
    idx: int
    base: int
    year: int
    title: str
    count: int
    requirements: str


@dataclass(slots=True)
class SelectionPlan:
    demand: int
    student: int
    status: str
    answered_on: dt.date | None
    decline_reason: str = ""


@dataclass(slots=True)
class PolicyPlan:
    base: int
    degree_level: str
    effective_from: dt.date
    base_amount: Decimal
    failed_amount: Decimal
    excellent_bonus: Decimal


@dataclass(slots=True)
class UserPlan:
    username: str
    full_name: str
    role: str
    organisation: int | None  # a base index for enterprise staff; None for the university
    college: int | None = None
    is_staff: bool = False
    base: int | None = None  # the base a base administrator administers
    mentor: int | None = None
    student: int | None = None


@dataclass
class Plan:
    """Everything ``load`` writes, except the monthly assessments (see ``assessment_rows``)."""

    config: ScaleConfig
    colleges: list[CollegePlan] = field(default_factory=list)
    bases: list[BasePlan] = field(default_factory=list)
    agreements: list[AgreementPlan] = field(default_factory=list)
    cycles: list[CyclePlan] = field(default_factory=list)
    mentors: list[MentorPlan] = field(default_factory=list)
    appointments: list[AppointmentPlan] = field(default_factory=list)
    students: list[StudentPlan] = field(default_factory=list)
    placements: list[PlacementPlan] = field(default_factory=list)
    demands: list[DemandPlan] = field(default_factory=list)
    selections: list[SelectionPlan] = field(default_factory=list)
    policies: list[PolicyPlan] = field(default_factory=list)
    users: list[UserPlan] = field(default_factory=list)
    # Small records as plain tuples, their first item the base (or mentor, or placement) index.
    committee: list[tuple[Any, ...]] = field(default_factory=list)
    briefings: list[tuple[int, dt.date, str]] = field(default_factory=list)
    exchanges: list[tuple[int, dt.date, str, str, int]] = field(default_factory=list)
    funds: list[tuple[int, int, Decimal, list[tuple[str, str, Decimal]]]] = field(default_factory=list)
    innovations: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)
    trainings: list[tuple[int, dt.date, str, Decimal]] = field(default_factory=list)
    mentor_assessments: list[tuple[int, dt.date, dt.date, str]] = field(default_factory=list)
    remuneration: list[tuple[int, dt.date, dt.date, int, dt.date | None]] = field(default_factory=list)
    recommendations: list[tuple[int, str, str]] = field(default_factory=list)  # (base, full name, status)
    disclosures: list[tuple[int, str, str, dt.date, str, str]] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return self.config.today

    @property
    def last_month(self) -> dt.date:
        """The month the mentor's month page opens on: the last one that has ended."""
        return rules.add_months(month_start(self.config.today), -1)

    def base_agreements(self) -> dict[int, list[AgreementPlan]]:
        by_base: dict[int, list[AgreementPlan]] = defaultdict(list)
        for agreement in self.agreements:
            if agreement.effective_from is not None:
                by_base[agreement.base].append(agreement)
        for chain in by_base.values():
            chain.sort(key=lambda a: a.effective_from or dt.date.min)
        return by_base


def agreement_on(chain: Sequence[AgreementPlan], day: dt.date) -> AgreementPlan | None:
    """The agreement of a base in force on ``day`` (at most one: they never overlap)."""
    return next((agreement for agreement in chain if agreement.in_force_on(day)), None)


# --- the planner ------------------------------------------------------------------------------------

# How likely practice starts in each calendar month: most start in July, September and March.
SEASON = {1: 0.5, 2: 0.8, 3: 1.6, 4: 0.8, 5: 0.6, 6: 0.8, 7: 2.0, 8: 0.8, 9: 2.2, 10: 0.8, 11: 0.5, 12: 0.4}
# Practice starts from FUTURE_MONTHS months ahead to OLDEST_MONTH months back (months counted from today's).
FUTURE_MONTHS = 4
OLDEST_MONTH = 48
PRACTICE_LENGTHS = ((6, 12), (8, 6), (9, 9), (10, 15), (12, 58))
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PARTY_A_REPRESENTATIVES = ("周立新", "王建华", "李国强")
REMUNERATION_TERMS = (
    "按指导工作量与指导学生人数，每学期结算一次。",
    "按指导学生人数与指导时间，每年度结算一次。",
)
BEYOND_REASON = "续签协议正在商谈，双方同意实践按计划进行。"
LENGTH_REASON = "项目周期与企业生产计划衔接，经双方协商调整实践时长。"
GRADES = (("excellent", 25), ("good", 55), ("pass", 17), ("fail", 3))


class _Planner:
    """Draws the whole plan from one ``random.Random(seed)``, in a fixed order."""

    def __init__(self, config: ScaleConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)  # noqa: S311 - test data, not cryptography
        self.today = config.today
        self.m0 = month_start(config.today)
        self.plan = Plan(config)
        self.n_students = config.n(FULL_STUDENTS, 40)
        self.n_unplaced = max(1, round(self.n_students * 0.01))
        self.supervisors_of: dict[int, list[int]] = defaultdict(list)
        self.mentors_of: dict[int, list[int]] = defaultdict(list)
        with translation.override(settings.LANGUAGE_CODE):
            self.illness_label = str(PracticeNotice.Kind.ILLNESS.label)

    # small draws
    def name(self) -> str:
        r = self.rng
        given = 1 if r.random() < 0.3 else 2
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN_CHARS) for _ in range(given))

    def phone(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def weighted(self, pairs: Sequence[tuple[T, int]]) -> T:
        return self.rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]

    def some(self, items: Sequence[T], share: float, minimum: int = 1) -> list[T]:
        """A random ``share`` of ``items`` (at least ``minimum`` while there are any), in their order."""
        count = min(len(items), max(minimum, round(len(items) * share)))
        chosen = set(self.rng.sample(range(len(items)), count))
        return [item for i, item in enumerate(items) if i in chosen]

    # the world
    def build(self) -> Plan:
        self.colleges()
        self.bases()
        self.agreements()
        self.mentors()
        self.students_and_placements()
        self.notices()
        self.thesis_stage()
        self.deliberate_gaps()
        self.demands_and_selections()
        self.appointments()
        self.evaluations()
        self.governance()
        self.policies()
        self.users()
        return self.plan

    def colleges(self) -> None:
        count = min(len(COLLEGES), self.config.n(FULL_COLLEGES, 3))
        for i, (name, majors) in enumerate(COLLEGES[:count]):
            self.plan.colleges.append(CollegePlan(name, f"SC{i + 1:02d}", majors, self.rng.uniform(0.4, 2.0)))

    def bases(self) -> None:
        rng = self.rng
        count = self.config.n(FULL_BASES, 5)
        sizes = allocate(self.n_students - self.n_unplaced, [1 / (i + 1 + BASE_SKEW) for i in range(count)], 1)
        while sizes[0] <= sizes[1]:  # the largest base is strictly the largest
            donor = max(i for i, size in enumerate(sizes) if size > 1 and i > 0)
            sizes[donor] -= 1
            sizes[0] += 1
        stems: set[str] = set()
        codes: set[str] = set()
        for i in range(count):
            while True:
                city, region = rng.choice(CITIES)
                brand = "".join(rng.sample(BRAND_CHARS, 2))
                industry = rng.randrange(len(INDUSTRIES))
                stem = f"{city}{brand}{INDUSTRIES[industry].word}"
                if stem not in stems:
                    stems.add(stem)
                    break
            while True:
                code = credit_code(f"91{region}MA{''.join(rng.choice(ALPHABET) for _ in range(7))}")
                if code not in codes:
                    codes.add(code)
                    break
            self.plan.bases.append(
                BasePlan(
                    idx=i,
                    enterprise_name=stem + rng.choice(COMPANY_SUFFIXES),
                    short_name=brand + INDUSTRIES[industry].word,
                    credit_code=code,
                    address=f"{city}市{brand}路{rng.randint(1, 999)}号",
                    industry=industry,
                    name=f"{stem}研究生联合培养基地",
                    office_contact=self.name(),
                    office_phone=f"0{rng.randint(10, 999)}-{rng.randrange(10**7, 10**8)}",
                    status="suspended" if i > 0 and rng.random() < 0.02 else "active",
                    size=sizes[i],
                    admin_username=f"{USER_PREFIX}admin-{i + 1:04d}",
                )
            )

    def agreements(self) -> None:
        rng, today = self.rng, self.today
        bases = self.plan.bases
        terminated = set(self.some(range(1, len(bases)), 0.04))
        currents: list[AgreementPlan] = []
        for base in bases:
            offset = rng.randint(20, 1060)  # days the current agreement has been in force
            older = 2 if offset < 380 or rng.random() < 0.1 else 1  # cover practice up to ~48 months back
            min_students = max(1, round(base.size / 3.7 * rng.uniform(0.45, 0.7)))
            start = rules.add_months(today - dt.timedelta(days=offset), -36 * older)
            chain: list[AgreementPlan] = []
            effective = start
            for i in range(older + 1):
                agreement = self.signed(base.idx, effective, min_students)
                if chain and chain[-1].terminated_on is None:
                    agreement.predecessor = chain[-1].idx
                chain.append(agreement)
                if base.idx in terminated and i == older - 1:
                    ended = effective + self.days(400, 900)
                    agreement.terminated_on = ended
                    agreement.in_force_until = ended - ONE_DAY
                    agreement.terminated_by = rng.choice("AB")
                    agreement.termination_cause = self.weighted((("mutual", 6), ("breach", 3), ("force_majeure", 1)))
                    agreement.termination_reason = rng.choice(TERMINATION_REASONS)
                    effective = ended + self.days(20, 150)
                else:
                    effective = (agreement.ends_on or effective) + ONE_DAY
            while (chain[-1].ends_on or today) < today:  # the history fell short of today: renew once more
                renewal = self.signed(base.idx, (chain[-1].ends_on or today) + ONE_DAY, min_students)
                renewal.predecessor = chain[-1].idx
                chain.append(renewal)
            currents.append(chain[-1])
        # Renewals of agreements ending within 240 days: some drafted, some already signed for later.
        ending = [a for a in currents if a.ends_on is not None and a.ends_on <= today + dt.timedelta(days=240)]
        ending = ending or currents[-1:]
        renewing = self.some(ending, 0.45)
        for n, current in enumerate(renewing):
            if n % 3 == 2 and current.ends_on is not None:
                renewal = self.signed(current.base, current.ends_on + ONE_DAY, current.min_students_per_year)
                renewal.party_a_signed_on = today - self.days(0, 30)
                renewal.party_b_signed_on = renewal.party_a_signed_on - self.days(0, 10)
            else:
                renewal = self.draft(current)
            renewal.predecessor = current.idx

    def signed(self, base: int, effective: dt.date, min_students: int) -> AgreementPlan:
        """An agreement in force from ``effective`` (Party A signed last, that day), ending by the Civil Code rule."""
        ends = rules.agreement_last_day(effective)
        agreement = AgreementPlan(
            idx=len(self.plan.agreements),
            base=base,
            predecessor=None,
            party_a_representative=self.rng.choice(PARTY_A_REPRESENTATIVES),
            party_b_representative=self.name(),
            party_a_signed_on=effective,
            party_b_signed_on=effective - self.days(0, 12),
            effective_from=effective,
            ends_on=ends,
            ends_on_source="rule",
            in_force_until=ends,
            min_students_per_year=max(1, min_students + self.rng.randint(-1, 1)),
            insurance_party="A" if self.rng.random() < 0.2 else "B",
            copies=4 if self.rng.random() < 0.85 else 6,
            remuneration_terms=self.rng.choice(REMUNERATION_TERMS),
        )
        self.plan.agreements.append(agreement)
        return agreement

    def draft(self, current: AgreementPlan) -> AgreementPlan:
        agreement = AgreementPlan(
            idx=len(self.plan.agreements),
            base=current.base,
            predecessor=current.idx,
            party_a_representative=current.party_a_representative,
            party_b_representative=current.party_b_representative,
            party_a_signed_on=None,
            party_b_signed_on=None,
            effective_from=None,
            ends_on=None,
            ends_on_source="rule",
            in_force_until=None,
            min_students_per_year=current.min_students_per_year,
            insurance_party=current.insurance_party,
            copies=current.copies,
            remuneration_terms=current.remuneration_terms,
        )
        self.plan.agreements.append(agreement)
        return agreement

    def mentors(self) -> None:
        rng, plan = self.rng, self.plan
        n_colleges = len(plan.colleges)
        n_supervisors = max(n_colleges, self.config.n(FULL_SUPERVISORS, 1))
        per_college = allocate(n_supervisors, [c.weight for c in plan.colleges], 1)
        serial = 0
        for college, count in enumerate(per_college):
            for _ in range(count):
                serial += 1
                title, level = self.weighted(
                    ((("教授", "senior"), 3), (("副教授", "associate_senior"), 5), (("讲师", "intermediate"), 2))
                )
                mentor = MentorPlan(
                    idx=len(plan.mentors),
                    kind="supervisor",
                    full_name=self.name(),
                    staff_no=f"T{rng.randint(1995, 2022)}{serial:04d}",
                    college=college,
                    base=None,
                    title=title,
                    title_level=level,
                    degree="doctorate",
                    years_of_experience=None,
                    field=rng.choice(plan.colleges[college].majors),
                    phone=self.phone(),
                )
                plan.mentors.append(mentor)
                self.supervisors_of[college].append(mentor.idx)
        n_coop = max(len(plan.bases), self.config.n(FULL_COOPERATIVE_MENTORS, 1))
        per_base = allocate(n_coop, [b.size for b in plan.bases], 1)
        for base, count in zip(plan.bases, per_base, strict=True):
            industry = INDUSTRIES[base.industry]
            for _ in range(count):
                title, level = self.weighted(
                    (
                        (("正高级工程师", "senior"), 30),
                        (("高级工程师", "associate_senior"), 65),
                        (("工程师", "intermediate"), 5),
                    )
                )
                mentor = MentorPlan(
                    idx=len(plan.mentors),
                    kind="cooperative",
                    full_name=self.name(),
                    staff_no=None,
                    college=None,
                    base=base.idx,
                    title=title,
                    title_level=level,
                    degree=self.weighted((("doctorate", 25), ("master", 55), ("bachelor", 20))),
                    years_of_experience=rng.randint(5, 30),
                    field=rng.choice(industry.fields),
                    phone=self.phone(),
                )
                plan.mentors.append(mentor)
                self.mentors_of[base.idx].append(mentor.idx)

    def start_months(self) -> tuple[list[int], list[float]]:
        """Months back from today's month that practice may start in, and how likely each is."""
        offsets = list(range(-FUTURE_MONTHS, OLDEST_MONTH + 1))
        weights = []
        for k in offsets:
            season = SEASON[rules.add_months(self.m0, -k).month]
            age = 0.4 if k <= 0 else 1.0 if k <= 42 else max(0.1, 1 - (k - 42) * 0.14)
            weights.append(season * age)
        return offsets, _cumulative(weights)

    def students_and_placements(self) -> None:
        rng, plan, today = self.rng, self.plan, self.today
        college_cum = _cumulative([c.weight for c in plan.colleges])
        supervisor_cum = {
            c: _cumulative([1 / (j + SUPERVISOR_SKEW) for j in range(len(s))]) for c, s in self.supervisors_of.items()
        }
        mentor_cum = {
            b: _cumulative([1 / (j + MENTOR_SKEW) for j in range(len(m))]) for b, m in self.mentors_of.items()
        }
        offsets, offset_cum = self.start_months()
        lengths = _cumulative([w for _n, w in PRACTICE_LENGTHS])
        seats = [base.idx for base in plan.bases for _ in range(base.size)]
        rng.shuffle(seats)
        chains = plan.base_agreements()
        for idx in range(self.n_students):
            college = rng.choices(range(len(plan.colleges)), cum_weights=college_cum)[0]
            doctoral = rng.random() < 0.08
            student = StudentPlan(
                idx=idx,
                student_no="",
                full_name=self.name(),
                college=college,
                major=rng.choice(plan.colleges[college].majors),
                degree_level="doctoral" if doctoral else "master",
                degree_type="professional" if rng.random() < 0.94 else "academic",
                study_mode="full_time" if rng.random() < 0.96 else "part_time",
                employment_type="non_directed" if rng.random() < 0.95 else "directed",
                enrolment_year=academic_year(today),
                supervisor=rng.choices(self.supervisors_of[college], cum_weights=supervisor_cum[college])[0],
            )
            plan.students.append(student)
            if idx >= len(seats):
                continue
            base = seats[idx]
            start: dt.date | None = None
            if rng.random() >= 0.025:  # 2.5% of placements have no practice planned yet
                month = rules.add_months(self.m0, -rng.choices(offsets, cum_weights=offset_cum)[0])
                start = month.replace(day=16) if rng.random() < 0.35 else month
            length = PRACTICE_LENGTHS[rng.choices(range(len(PRACTICE_LENGTHS)), cum_weights=lengths)[0]][0]
            placement = PlacementPlan(
                idx=len(plan.placements),
                student=idx,
                base=base,
                mentor=rng.choices(self.mentors_of[base], cum_weights=mentor_cum[base])[0],
                start=start,
                length_months=length,
                credits_required=rng.choice((30, 32, 34, 36)),
                ability=round(rng.gauss(84, 5)),
            )
            plan.placements.append(placement)
            self.practice_dates(placement, chains[base], exception=rng.random() < 0.01)
            if placement.start is not None:
                student.enrolment_year = academic_year(rules.add_months(placement.start, -10)) - (1 if doctoral else 0)
        self.student_numbers()

    def practice_dates(self, p: PlacementPlan, chain: list[AgreementPlan], *, exception: bool) -> None:
        """Plan (and, up to today, carry out) the practice as the stage services would."""
        rng, today = self.rng, self.today
        agreement = agreement_on(chain, p.start) if p.start is not None else None
        if p.start is not None and agreement is None:
            # No agreement in force that day (after an early termination): start with the next one.
            later = [a for a in chain if a.effective_from is not None and a.effective_from > p.start]
            if later and later[0].effective_from is not None and later[0].effective_from <= today:
                p.start, agreement = later[0].effective_from, later[0]
            else:
                p.start = None
        if p.start is None or agreement is None:
            p.start = None
            p.credits_earned = rng.randint(8, p.credits_required - 4)
            p.answered_on = max(dt.date(today.year, 1, 1), today - self.days(0, 150))
            return
        start = p.start
        if exception:
            p.length_months = rng.choice((5, 13, 14))
            p.length_exception_reason = LENGTH_REASON
        end = rules.practice_last_day(start, p.length_months)
        p.planned_practice_start, p.planned_practice_end = start, end
        p.practice_project = rng.choice(INDUSTRIES[self.plan.bases[p.base].industry].projects)
        p.insurance_party = agreement.insurance_party
        p.agreement_until = agreement.in_force_until
        if agreement.in_force_until is not None and end > agreement.in_force_until:
            p.beyond_agreement_reason = BEYOND_REASON
        p.answered_on = min(start - self.days(45, 240), today - self.days(0, 20))
        completed = start - self.days(7, 60)
        if completed <= today:
            p.coursework_completed_on, p.credits_earned = completed, p.credits_required
        else:
            p.credits_earned = p.credits_required - rng.randint(1, 6)
        base_signed = start - self.days(5, 20)
        student_signed = base_signed + self.days(0, 2)
        supervisor_signed = min(student_signed + self.days(0, 2), start)
        if supervisor_signed <= today:
            p.safety = (base_signed, student_signed, supervisor_signed)
        if start - dt.timedelta(days=10) <= today:
            p.insurance = [(start, end)]
        if start <= today:
            p.stage, p.practice_start, p.practice_end = "practice", start, end

    def student_numbers(self) -> None:
        serial: Counter[tuple[str, int, int]] = Counter()
        for s in self.plan.students:
            prefix = "BS" if s.degree_level == "doctoral" else "ZS" if s.degree_type == "professional" else "XS"
            key = (prefix, s.enrolment_year % 100, s.college)
            serial[key] += 1
            s.student_no = f"{prefix}{key[1]:02d}{s.college + 1:02d}{serial[key]:05d}"

    def notices(self) -> None:
        """Notices ending practice early (a tenth with less than a month's warning), later, or at once for illness."""
        rng, today = self.rng, self.today
        started = [
            (p, p.practice_start, p.practice_end)
            for p in self.plan.placements
            if p.practice_start is not None and p.practice_end is not None and p.practice_start <= today
        ]
        taken: set[int] = set()

        def pick(
            candidates: list[tuple[PlacementPlan, dt.date, dt.date]], share: float
        ) -> list[tuple[PlacementPlan, dt.date, dt.date]]:
            chosen = self.some([c for c in candidates if c[0].idx not in taken], share)
            taken.update(c[0].idx for c in chosen)
            return chosen

        def acknowledged(day: dt.date) -> dt.date | None:
            ack = day + self.days(1, 7)
            return ack if ack <= today and rng.random() < 0.85 else None

        def window(start: dt.date, after: int, last: dt.date) -> tuple[dt.date, dt.date] | None:
            first, last = start + dt.timedelta(days=after), min(today, last)
            return (first, last) if first <= last else None

        for p, start, end in pick([c for c in started if window(c[1], 20, c[2] - ONE_DAY)], 0.003):
            day = self.between(*(window(start, 20, end - ONE_DAY) or (start, start)))
            p.notice = NoticePlan("illness", "A", day, day, end, "学生因病需立即返校治疗。", acknowledged(day), day)
            p.practice_end, p.practice_ended_early_for, p.stage = day, self.illness_label, "thesis"
        early = pick([c for c in started if window(c[1], 60, c[2] - dt.timedelta(days=40))], 0.012)
        short = {c[0].idx for c in self.some(early, 0.1)}
        for p, start, end in early:
            day = self.between(*(window(start, 60, end - dt.timedelta(days=40)) or (start, start)))
            new_end = day + self.days(10, 25) if p.idx in short else rules.notice_earliest_end(day) + self.days(0, 8)
            reason = rng.choice(NOTICE_REASONS["end_early"])
            filed_by = "B" if rng.random() < 0.7 else "A"
            applied = new_end if new_end <= today else None
            p.notice = NoticePlan("end_early", filed_by, day, new_end, end, reason, acknowledged(day), applied)
            if applied is not None:
                p.practice_end, p.practice_ended_early_for, p.stage = new_end, reason[:200], "thesis"
        # A later end stays within 12 months; the insurance is extended to cover it.
        extendable = [
            c
            for c in started
            if c[0].length_months <= 10
            and not c[0].length_exception_reason
            and window(c[1], 30, rules.add_months(c[2], -1) - dt.timedelta(days=5))
        ]
        for p, start, end in pick(extendable, 0.005):
            day = self.between(*(window(start, 30, rules.add_months(end, -1) - dt.timedelta(days=5)) or (start, start)))
            new_end = rules.practice_last_day(start, p.length_months + rng.randint(1, 2))
            if p.agreement_until is not None and new_end > p.agreement_until:
                p.beyond_agreement_reason = BEYOND_REASON
            applied = end if end <= today else None
            reason = rng.choice(NOTICE_REASONS["extend"])
            p.notice = NoticePlan("extend", "B", day, new_end, end, reason, acknowledged(day), applied)
            p.insurance.append((end + ONE_DAY, new_end))
            if applied is not None:
                p.practice_end = new_end
        for p, _start, _end in started:
            if p.stage == "practice" and p.practice_end is not None and p.practice_end < today:
                p.stage = "thesis"

    def thesis_stage(self) -> None:
        rng, today = self.rng, self.today
        for p in self.plan.placements:
            if p.stage != "thesis" or p.practice_end is None:
                continue
            end = p.practice_end
            issued = end + self.days(0, 20)
            if issued <= today and rng.random() < 0.97:
                p.appraisal = (self.weighted(GRADES), issued, rng.choice(APPRAISAL_COMMENTS))
                if rng.random() < 0.03:
                    kind, title = rng.choice(AWARD_TITLES)
                    awarded = min(today, issued + self.days(0, 30))
                    p.award = (kind, title, awarded)
            if end + dt.timedelta(days=25) > today:
                continue
            p.thesis_topic = f"基于{p.practice_project}的关键技术研究"
            confirmed = end + self.days(5, 40)
            if confirmed > today:
                continue
            p.confidentiality = (confirmed, rng.random() < 0.12)
            proposal = confirmed + self.days(3, 45)
            if proposal > today:
                continue
            p.proposal_on = proposal
            defence = proposal + self.days(240, 420)
            if defence <= today:
                p.defence_on = defence
                p.defence_result = self.weighted((("passed", 90), ("revise", 8), ("failed", 2)))

    def deliberate_gaps(self) -> None:
        """A few records out of line, so the compliance view has something to show."""
        today = self.today
        practising = [
            (p, p.practice_start)
            for p in self.plan.placements
            if p.stage == "practice" and p.practice_start is not None
        ]
        for p, _start in self.some(practising, 0.002):
            p.safety = None
        for p, start in self.some([c for c in practising if c[0].safety], 0.002):
            late = start + self.days(1, 10)
            if p.safety and late <= today:
                p.safety = (p.safety[0], p.safety[1], late)
        for p, start in self.some(practising, 0.002):
            lapse = today - self.days(1, 20)
            if lapse >= start:
                p.insurance = [(start, lapse)]
        for p in self.some([p for p in self.plan.placements if p.proposal_on is not None], 0.002):
            p.confidentiality = None

    def demands_and_selections(self) -> None:
        """Each year's position demands of a base hold the students it accepted that year, and a few more."""
        rng, plan, today = self.rng, self.plan, self.today
        groups: dict[tuple[int, int], list[PlacementPlan]] = defaultdict(list)
        for p in plan.placements:
            groups[(p.base, p.answered_on.year)].append(p)
        offered: Counter[int] = Counter()
        for (base, year), members in sorted(groups.items()):
            positions = INDUSTRIES[plan.bases[base].industry].positions
            n_demands = min(12, max(1, -(-len(members) // 25)))
            demands = [self.demand(base, year, positions, i) for i in range(n_demands)]
            rng.shuffle(members)
            for i, p in enumerate(members):
                demands[i % n_demands].count += 1
                p.demand = demands[i % n_demands].idx
            for demand in demands:
                demand.count += rng.randint(0, 2)
                if year == today.year:
                    offered[base] += demand.count
        # This year each base offers at least its agreement's minimum (a few fall short).
        current = {a.base: a for a in plan.agreements if a.in_force_on(today)}
        short = set(self.some(sorted(current), 0.03))
        for base, agreement in sorted(current.items()):
            missing = agreement.min_students_per_year - offered[base]
            if missing > 0 and base not in short:
                positions = INDUSTRIES[plan.bases[base].industry].positions
                self.demand(base, today.year, positions, len(positions)).count = missing + rng.randint(0, 3)
        by_year: dict[int, list[DemandPlan]] = defaultdict(list)
        for d in plan.demands:
            by_year[d.year].append(d)
        plan.selections.extend(SelectionPlan(p.demand, p.student, "accepted", p.answered_on) for p in plan.placements)
        for p in self.some(plan.placements, 0.015):
            others = [d for d in by_year[p.answered_on.year] if d.base != p.base]
            if others:
                answered = max(dt.date(p.answered_on.year, 1, 1), p.answered_on - self.days(5, 30))
                reason = "岗位专业方向与该生研究方向不符。"
                plan.selections.append(SelectionPlan(rng.choice(others).idx, p.student, "declined", answered, reason))
        this_year = by_year[today.year]
        for student in plan.students[len(plan.placements) :] if this_year else []:
            plan.selections.append(SelectionPlan(rng.choice(this_year).idx, student.idx, "proposed", None))

    def demand(self, base: int, year: int, positions: tuple[str, ...], i: int) -> DemandPlan:
        title = positions[i % len(positions)] + (f"（{i // len(positions) + 1}）" if i >= len(positions) else "")
        demand = DemandPlan(
            len(self.plan.demands), base, year, title, 0, "相关专业全日制专业学位研究生，具备较好的工程实践能力。"
        )
        self.plan.demands.append(demand)
        return demand

    def appointments(self) -> None:
        """Terms of three years back from a current one (3% lapsed), reaching the mentor's first student."""
        plan, today = self.plan, self.today
        needed: dict[int, dt.date] = {}
        for p in plan.placements:
            needed[p.mentor] = min(p.answered_on, needed.get(p.mentor, p.answered_on))
        coop = [m for m in plan.mentors if m.kind == "cooperative"]
        lapsed = {m.idx for m in self.some([m for m in coop if m.base != 0], 0.03)}
        for mentor in coop:
            if mentor.idx in lapsed:
                end = today - self.days(5, 150)
                terms = [(rules.add_months(end + ONE_DAY, -36), end)]
            else:
                start = today - self.days(30, 1000)
                terms = [(start, rules.add_months(start, 36) - ONE_DAY)]
            while terms[0][0] > needed.get(mentor.idx, today - dt.timedelta(days=100)):
                first = terms[0][0]
                terms.insert(0, (rules.add_months(first, -36), first - ONE_DAY))
            for n, (start, end) in enumerate(terms):
                letter = f"矿大研聘〔{start.year}〕{len(plan.appointments) + 1:05d}号"
                recommended = start - self.days(20, 60) if n == 0 else None
                plan.appointments.append(AppointmentPlan(mentor.idx, start, end, letter, recommended))
            self.mentor_records(mentor, first_start=terms[0][0], current_start=terms[-1][0])
        self.remuneration()
        for base in self.some(range(len(plan.bases)), 0.08):
            plan.recommendations.append((base, self.name(), "pending"))
        for base in self.some(range(len(plan.bases)), 0.06):
            plan.recommendations.append((base, self.name(), "rejected"))

    def mentor_records(self, mentor: MentorPlan, *, first_start: dt.date, current_start: dt.date) -> None:
        """Training after the first appointment (8% have none), and an assessment of a year of the current term."""
        rng, today = self.rng, self.today
        if rng.random() < 0.92:
            for _ in range(rng.randint(1, 2)):
                held = self.between(
                    first_start + dt.timedelta(days=10), min(today, first_start + dt.timedelta(days=400))
                )
                hours = Decimal(rng.choice(("2.0", "4.0", "6.0", "8.0")))
                self.plan.trainings.append((mentor.idx, held, rng.choice(TRAINING_TOPICS), hours))
        year_end = current_start + dt.timedelta(days=364)
        if year_end <= today and rng.random() < 0.6:
            self.plan.mentor_assessments.append((mentor.idx, current_start, year_end, self.weighted(GRADES)))

    def remuneration(self) -> None:
        """Remuneration by calendar year, for the students a mentor guided in practice that year."""
        today = self.today
        guided: Counter[tuple[int, int]] = Counter()
        for p in self.plan.placements:
            if p.practice_start is not None and p.practice_end is not None and p.practice_start <= today:
                for year in range(p.practice_start.year, min(p.practice_end.year, today.year - 1) + 1):
                    guided[(p.mentor, year)] += 1
        for (mentor_idx, year), students in sorted(guided.items()):
            paid = dt.date(year + 1, 1, self.rng.randint(10, 28))
            period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
            self.plan.remuneration.append((mentor_idx, *period, students, paid if paid <= today else None))

    def evaluations(self) -> None:
        rng, plan, today = self.rng, self.plan, self.today
        for agreement in plan.agreements:
            if agreement.effective_from is None or agreement.ends_on is None:
                continue
            for sequence, due in enumerate(rules.evaluation_due_dates(agreement.effective_from, agreement.ends_on), 1):
                cycle = CyclePlan(agreement.idx, agreement.base, sequence, due, "scheduled")
                plan.cycles.append(cycle)
                if agreement.terminated_on is not None and due >= agreement.terminated_on:
                    cycle.state = "cancelled"
                    continue
                force = agreement.base == 0 and due <= today - dt.timedelta(days=90)
                if due <= today:
                    done = force or rng.random() < (0.92 if due <= today - dt.timedelta(days=90) else 0.6)
                    self.cycle_progress(cycle, evaluated=done)
                elif due <= today + dt.timedelta(days=60) and rng.random() < 0.7:
                    cycle.state = "materials_requested"
                    cycle.materials_requested_on = min(today, due - dt.timedelta(days=60))
                    cycle.materials_note = "请提交两年来的基地建设总结与研究生培养材料。"

    def cycle_progress(self, cycle: CyclePlan, *, evaluated: bool) -> None:
        today = self.today
        cycle.materials_requested_on = cycle.due_on - self.days(45, 75)
        cycle.materials_note = "自评报告、研究生培养情况、导师名单"
        cycle.state = "materials_requested"
        submitted = cycle.due_on - self.days(5, 20)
        if not evaluated and self.rng.random() < 0.5:
            return
        cycle.state, cycle.submitted_on, cycle.materials = "submitted", submitted, self.rng.randint(1, 2)
        if evaluated:
            cycle.state = "evaluated"
            cycle.evaluated_on = min(today, cycle.due_on + self.days(0, 40))
            cycle.grade = self.weighted(GRADES)
            cycle.conclusion = EVALUATION_CONCLUSIONS[cycle.grade]

    def governance(self) -> None:
        rng, plan, today = self.rng, self.plan, self.today
        chains = plan.base_agreements()
        categories_a = (
            ("college_leader", "学院副院长"),
            ("degree_committee", "学位评定分委员会委员"),
            ("supervisor", "校内导师"),
        )
        categories_b = (
            ("research_leader", "分管科研副总经理"),
            ("technical_backbone", "总工程师"),
            ("cooperative_mentor", "校外合作导师"),
        )
        for base in plan.bases:
            chain = chains[base.idx]
            since = (chain[-1].effective_from or today) if chain else today
            for n, (category, position) in enumerate(categories_a):
                plan.committee.append((base.idx, "A", category, self.name(), position, n == 0, since, None))
            for category, position in categories_b:
                plan.committee.append((base.idx, "B", category, self.name(), position, False, since, None))
            if rng.random() < 0.2:
                began = since - self.days(400, 1000)
                plan.committee.append(
                    (base.idx, "B", "technical_backbone", self.name(), "副总工程师", False, began, since - ONE_DAY)
                )
            for year in range(today.year - 3, today.year + 1):
                first = dt.date(year, 1, 1)
                last = min(today, dt.date(year, 12, 20))
                if last < first:
                    continue
                this_year = year == today.year
                if rng.random() < (0.65 if this_year else 0.9):
                    held = self.between(first if this_year else dt.date(year, 3, 1), last)
                    plan.briefings.append(
                        (base.idx, held, "通报本年度研究生进站、实践考核与生活补贴发放情况，研究下一年度岗位需求。")
                    )
                for _ in range(rng.randint(0 if this_year else 1, 2)):
                    kind = rng.choice(("lecture", "seminar", "forum", "visit"))
                    plan.exchanges.append(
                        (
                            base.idx,
                            self.between(first, last),
                            f"{INDUSTRIES[base.industry].word}技术交流{rng.choice(('讲座', '研讨会', '论坛'))}",
                            kind,
                            rng.randint(10, 120),
                        )
                    )
                if rng.random() < 0.25:
                    amount = Decimal(rng.randint(10, 50) * 10_000)
                    projects = []
                    left = amount
                    for _ in range(rng.randint(1, 3)):
                        share = (left * Decimal(rng.randint(20, 45)) / 100).quantize(Decimal(1000))
                        left -= share
                        projects.append((rng.choice(INDUSTRIES[base.industry].projects), self.name(), share))
                    plan.funds.append((base.idx, year, amount, projects))
                if rng.random() < 0.15:
                    plan.innovations.append(
                        (
                            base.idx,
                            self.between(first, last),
                            "全国研究生创新实践大赛",
                            "discipline",
                            rng.choice(("一等奖", "二等奖", "三等奖", "")),
                        )
                    )

    def policies(self) -> None:
        rng = self.rng
        since = rules.add_months(self.m0, -72)
        for base in self.plan.bases:
            for level, amounts in (("master", (1000, 1200, 1500, 1800, 2000)), ("doctoral", (2000, 2500, 3000, 3500))):
                amount = Decimal(rng.choice(amounts))
                bonus = Decimal(rng.choice((0, 200, 300, 500)))
                self.plan.policies.append(PolicyPlan(base.idx, level, since, amount, self.failed(amount), bonus))
                if rng.random() < 0.5:
                    raised = amount + Decimal(rng.choice((200, 300, 500)))
                    effective = rules.add_months(self.m0, -rng.randint(4, 30))
                    self.plan.policies.append(
                        PolicyPlan(base.idx, level, effective, raised, self.failed(raised), bonus)
                    )

    def failed(self, amount: Decimal) -> Decimal:
        return (amount * Decimal(self.rng.choice((50, 60, 70, 80))) / 100).quantize(Decimal(100))

    def users(self) -> None:
        plan, config, today = self.plan, self.config, self.today
        add = plan.users.append
        add(UserPlan(OFFICE_USERNAME, "王静", "office", None, is_staff=True))
        for n in range(2, max(2, config.n(FULL_OFFICE_USERS, 2)) + 1):
            add(UserPlan(f"{OFFICE_USERNAME}-{n}", self.name(), "office", None, is_staff=True))
        for i in range(len(plan.colleges)):
            add(UserPlan(f"{USER_PREFIX}college-{i + 1:02d}", self.name(), "college", None, college=i))
        load: Counter[int] = Counter(s.supervisor for s in plan.students)
        top = sorted(load, key=lambda m: (-load[m], m))[: config.n(FULL_SUPERVISOR_USERS, 2)]
        for n, mentor_idx in enumerate(top, 1):
            mentor = plan.mentors[mentor_idx]
            mentor.username = f"{USER_PREFIX}supervisor-{n:03d}"
            add(
                UserPlan(
                    mentor.username, mentor.full_name, "supervisor", None, college=mentor.college, mentor=mentor_idx
                )
            )
        for base in plan.bases:
            add(UserPlan(base.admin_username, base.office_contact, "base_admin", base.idx, base=base.idx))
        # Mentor logins: every mentor of the largest base, busiest first, then each other base's busiest.
        last = self.plan.last_month
        first, final = rules.month_bounds(last)
        in_month: Counter[int] = Counter()
        total: Counter[int] = Counter()
        for p in plan.placements:
            total[p.mentor] += 1
            if p.practice_start and p.practice_end and p.practice_start <= final and p.practice_end >= first:
                in_month[p.mentor] += 1

        def busiest(mentors: list[int]) -> list[int]:
            return sorted(mentors, key=lambda m: (-in_month[m], -total[m], m))

        chosen = busiest(self.mentors_of[0]) + [busiest(self.mentors_of[b.idx])[0] for b in plan.bases[1:]]
        for n, mentor_idx in enumerate(chosen, 1):
            mentor = plan.mentors[mentor_idx]
            mentor.username = f"{USER_PREFIX}mentor-{n:04d}"
            add(UserPlan(mentor.username, mentor.full_name, "mentor", mentor.base, mentor=mentor_idx))
        # A handful of students: the busiest mentor's students first, then others of the largest base.
        top_mentor = chosen[0]
        ranked = sorted(
            plan.placements, key=lambda p: (p.mentor != top_mentor, p.base != 0, p.stage != "practice", p.idx)
        )
        for n, p in enumerate(ranked[: config.n(FULL_STUDENT_USERS, 3)], 1):
            student = plan.students[p.student]
            student.username = f"{USER_PREFIX}student-{n:03d}"
            add(
                UserPlan(
                    student.username, student.full_name, "student", None, college=student.college, student=student.idx
                )
            )
        add(UserPlan(f"{USER_PREFIX}api", "研究生管理信息系统", "api_client", None))
        # Supervisors with a login ask to publish their students' project work.
        for user in [u for u in plan.users if u.role == "supervisor"]:
            theirs = [
                p
                for p in plan.placements
                if p.stage == "thesis" and plan.students[p.student].supervisor == user.mentor and p.practice_project
            ]
            for p in theirs[:2]:
                decision = self.weighted((("pending", 4), ("approved", 5), ("refused", 1)))
                reason = "涉及企业未公开技术数据，暂不同意发表。" if decision == "refused" else ""
                planned = today + self.days(30, 200)
                plan.disclosures.append(
                    (p.idx, f"{p.practice_project}研究进展", decision, planned, reason, user.username)
                )


def build_plan(config: ScaleConfig) -> Plan:
    """Every record of the dataset, decided from the seed, the scale and ``config.today`` alone."""
    return _Planner(config).build()


# --- monthly assessments, derived per placement ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One month of a placement's practice: its assessment (unless missing) and what follows from it."""

    month: dt.date
    days: int
    attendance_days: int
    score: int
    grade: str
    state: str  # "" when the mentor has not written it at all
    confirmed_on: dt.date | None
    paid_on: dt.date | None
    work_summary: str
    student_summary: bool


def assessment_rows(plan: Plan, p: PlacementPlan) -> list[MonthRow]:
    """The months of practice that have ended, from the placement's own random stream.

    Months before last month are confirmed (a few per thousand are not); last month is in
    every state, as it would be a few days after the month ends.
    """
    if p.practice_start is None or p.practice_end is None:
        return []
    last_month = plan.last_month
    last_day = rules.month_bounds(last_month)[1]
    if p.practice_start > last_day:
        return []
    today = plan.today
    rng = random.Random(plan.config.seed * 1_000_003 + p.idx)  # noqa: S311 - test data
    rows = []
    month = month_start(p.practice_start)
    final = month_start(min(p.practice_end, last_day))
    while month <= final:
        days = rules.days_in_practice(month, p.practice_start, p.practice_end)
        r = rng.random()
        if month < last_month:
            state = "confirmed" if r < 0.997 else "submitted" if r < 0.999 else ""
        else:
            state = "confirmed" if r < 0.55 else "submitted" if r < 0.85 else "draft" if r < 0.95 else ""
        score = max(35, min(100, round(rng.gauss(p.ability, 6))))
        attendance = min(days, round(days * rng.uniform(0.62, 0.75)))
        confirmed_on = paid_on = None
        if state == "confirmed":
            confirmed_on = min(today, rules.month_bounds(month)[1] + dt.timedelta(days=rng.randint(2, 12)))
            pay_day = confirmed_on + dt.timedelta(days=rng.randint(3, 10))
            if pay_day <= today and rng.random() < 0.997:
                paid_on = pay_day
        summary = rng.random() < 0.3 and month >= rules.add_months(last_month, -2)
        rows.append(
            MonthRow(
                month,
                days,
                attendance,
                score,
                rules.grade_for_score(score),
                state,
                confirmed_on,
                paid_on,
                rng.choice(WORK_SUMMARIES),
                summary,
            )
        )
        month = rules.add_months(month, 1)
    return rows


@dataclass(frozen=True)
class Allowance:
    amount: Decimal
    reduction_reason: str


def allowance(policy: PolicyPlan, row: MonthRow, p: PlacementPlan, reasons: tuple[str, str]) -> Allowance:
    """The month's allowance as ``assessments.services.allowance_for`` computes it on confirmation."""
    failed_reason, part_reason = reasons
    reason = ""
    if row.grade == "fail":
        full = policy.failed_amount
        if full < policy.base_amount:
            reason = failed_reason
    elif row.grade == "excellent":
        full = policy.base_amount + policy.excellent_bonus
    else:
        full = policy.base_amount
    start = p.practice_start or row.month
    amount = rules.prorate(full, row.month, start, p.practice_end)
    if row.days < rules.month_bounds(row.month)[1].day and not reason:
        reason = part_reason % {"days": row.days}
    return Allowance(amount.quantize(FEN, rounding=ROUND_HALF_UP), reason)


# --- checksums ----------------------------------------------------------------------------------------------


def core_rows(plan: Plan) -> list[tuple[Any, ...]]:
    """Students with their placement's base, stage and dates: what ``core_rows_in_database`` reads back."""
    placement_of = {p.student: p for p in plan.placements}
    rows = []
    for s in plan.students:
        p = placement_of.get(s.idx)
        rows.append(
            (
                s.student_no,
                s.full_name,
                s.enrolment_year,
                plan.bases[p.base].name if p else None,
                p.stage if p else None,
                p.planned_practice_start if p else None,
                p.planned_practice_end if p else None,
                p.practice_start if p else None,
                p.practice_end if p else None,
            )
        )
    return sorted(rows)


def plan_checksum(plan: Plan, *, with_assessments: bool = True) -> str:
    """A digest of the students, placements and (optionally) every monthly assessment of the plan."""
    digest = hashlib.sha256()
    for row in core_rows(plan):
        digest.update(repr(row).encode())
    for a in plan.agreements:
        digest.update(repr((a.base, a.effective_from, a.ends_on, a.in_force_until, a.terminated_on)).encode())
    if with_assessments:
        for p in plan.placements:
            for month_row in assessment_rows(plan, p):
                digest.update(repr((p.idx, month_row)).encode())
    return digest.hexdigest()


# --- writing ------------------------------------------------------------------------------------------------

BATCH = 2000
PLACEMENT_CHUNK = 2500


class ScaleError(Exception):
    """The database cannot take the dataset (a name or code is already in use)."""


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


class _Writer:
    """Writes a plan with ``bulk_create``, one ``transaction.atomic`` per phase.

    ``bulk_create`` sends no signals, so no django-simple-history rows are written, and the
    ``integration`` receivers (tombstones, freshness) do not run: a fresh dataset needs neither.
    """

    def __init__(self, plan: Plan, log: Callable[[str], None]) -> None:
        self.plan = plan
        self.log = log
        self.today = plan.today
        # Hashed once, and every login shares the hash. The salt comes from the seed, so that a second
        # load is identical to the first in this column too (only the load timestamps differ).
        salt_rng = random.Random(f"seed_scale-salt-{plan.config.seed}")  # noqa: S311 - repeatable on purpose
        salt = "".join(salt_rng.choice(RANDOM_STRING_CHARS) for _ in range(22))
        self.password = make_password(plan.config.password, salt=salt)
        self.university_pk = 0
        self.college_pk: list[int] = []
        self.enterprise_pk: list[int] = []
        self.base_pk: list[int] = []
        self.user_pk: dict[str, int] = {}
        self.agreement_pk: dict[int, int] = {}
        self.cycle_pk: list[int] = []
        self.mentor_pk: list[int] = []
        self.appointment_pk: list[int] = []
        self.student_pk: list[int] = []
        self.placement_pk: list[int] = []
        self.demand_pk: list[int] = []
        self.notice_pk: dict[int, int] = {}
        self.unconfirmed_last_month: set[int] = set()
        self.counts: Counter[str] = Counter()
        self.models: list[type[models.Model]] = []

    def run(self) -> None:
        phases: list[tuple[str, Callable[[], None]]] = [
            ("organisations, colleges and bases", self.organisations),
            ("users, roles and base grants", self.users),
            ("agreements, evaluations and governance", self.agreements),
            ("mentors and appointments", self.mentors),
            ("students, placements and practice records", self.students),
            ("monthly assessments and allowances", self.assessments),
            ("notifications", self.notifications),
        ]
        for title, phase in phases:
            started = time.monotonic()
            before = sum(self.counts.values())
            with transaction.atomic():
                phase()
            rows = sum(self.counts.values()) - before
            self.log(f"  {title}: {rows:,} rows in {time.monotonic() - started:.1f} s")

    def bulk(self, model: type[M], objs: Sequence[M]) -> list[M]:
        created = model._default_manager.bulk_create(objs, batch_size=BATCH)
        self.counts[model._meta.label] += len(created)
        if model not in self.models:
            self.models.append(model)
        return created

    def admin(self, base: int) -> int:
        return self.user_pk[self.plan.bases[base].admin_username]

    @property
    def office(self) -> int:
        return self.user_pk[OFFICE_USERNAME]

    # phases
    def organisations(self) -> None:
        plan = self.plan
        roles_sync()
        university = Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY, name=UNIVERSITY_NAME).first()
        if university is None:
            university = Organisation.objects.create(
                kind=Organisation.Kind.UNIVERSITY,
                name=UNIVERSITY_NAME,
                short_name="矿大",
                credit_code=credit_code(UNIVERSITY_CODE17),
            )
        self.university_pk = university.pk
        existing = dict(College.objects.filter(university=university).values_list("name", "pk"))
        new = [
            College(university=university, name=c.name, code=c.code) for c in plan.colleges if c.name not in existing
        ]
        existing.update({c.name: c.pk for c in self.bulk(College, new)})
        self.college_pk = [existing[c.name] for c in plan.colleges]
        names = [b.enterprise_name for b in plan.bases]
        codes = [b.credit_code for b in plan.bases]
        taken = list(
            Organisation.objects.filter(Q(name__in=names) | Q(credit_code__in=codes)).values_list("name", flat=True)[:3]
        )
        taken += TrainingBase.objects.filter(name__in=[b.name for b in plan.bases]).values_list("name", flat=True)[:3]
        if taken:
            raise ScaleError(
                f"names already in the database: {', '.join(taken)}; use a fresh database or another --seed"
            )
        enterprises = self.bulk(
            Organisation,
            [
                Organisation(
                    kind=Organisation.Kind.ENTERPRISE,
                    name=b.enterprise_name,
                    short_name=b.short_name,
                    credit_code=b.credit_code,
                    address=b.address,
                )
                for b in plan.bases
            ],
        )
        self.enterprise_pk = [e.pk for e in enterprises]
        bases = self.bulk(
            TrainingBase,
            [
                TrainingBase(
                    name=b.name,
                    enterprise_id=self.enterprise_pk[b.idx],
                    university_id=self.university_pk,
                    office_department="创新管理办公室",
                    office_contact=b.office_contact,
                    office_phone=b.office_phone,
                    status=b.status,
                )
                for b in plan.bases
            ],
        )
        self.base_pk = [b.pk for b in bases]

    def users(self) -> None:
        plan = self.plan
        users = self.bulk(
            User,
            [
                User(
                    username=u.username,
                    full_name=u.full_name,
                    email=f"{u.username}@example.edu.cn",
                    password=self.password,
                    organisation_id=self.university_pk
                    if u.organisation is None
                    else self.enterprise_pk[u.organisation],
                    college_id=None if u.college is None else self.college_pk[u.college],
                    is_staff=u.is_staff,
                    # The office login is switched on last: it marks a finished run.
                    is_active=u.username != OFFICE_USERNAME,
                )
                for u in plan.users
            ],
        )
        self.user_pk = {u.username: u.pk for u in users}
        groups = dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
        membership = User.groups.through
        self.bulk(
            membership, [membership(user_id=self.user_pk[u.username], group_id=groups[u.role]) for u in plan.users]
        )
        manage = Permission.objects.get(content_type__app_label="agreements", codename="manage_base")
        self.bulk(
            BaseUserObjectPermission,
            [
                BaseUserObjectPermission(
                    user_id=self.user_pk[u.username], permission_id=manage.pk, content_object_id=self.base_pk[u.base]
                )
                for u in plan.users
                if u.base is not None
            ],
        )

    def agreements(self) -> None:
        plan, base_pk = self.plan, self.base_pk
        template = template_ensure_default()
        pending = list(plan.agreements)
        while pending:  # a renewal is written after the agreement it renews
            ready = [a for a in pending if a.predecessor is None or a.predecessor in self.agreement_pk]
            created = self.bulk(
                Agreement,
                [
                    Agreement(
                        base_id=base_pk[a.base],
                        predecessor_id=None if a.predecessor is None else self.agreement_pk[a.predecessor],
                        template=template,
                        party_a_representative=a.party_a_representative,
                        party_b_representative=a.party_b_representative,
                        party_a_signed_on=a.party_a_signed_on,
                        party_b_signed_on=a.party_b_signed_on,
                        effective_from=a.effective_from,
                        ends_on=a.ends_on,
                        ends_on_source=a.ends_on_source,
                        in_force_until=a.in_force_until,
                        min_students_per_year=a.min_students_per_year,
                        remuneration_terms=a.remuneration_terms,
                        insurance_party=a.insurance_party,
                        copies=a.copies,
                        terminated_on=a.terminated_on,
                        terminated_by=a.terminated_by,
                        termination_cause=a.termination_cause,
                        termination_reason=a.termination_reason,
                    )
                    for a in ready
                ],
            )
            self.agreement_pk.update({a.idx: o.pk for a, o in zip(ready, created, strict=True)})
            pending = [a for a in pending if a.idx not in self.agreement_pk]
        cycles = self.bulk(
            EvaluationCycle,
            [
                EvaluationCycle(
                    agreement_id=self.agreement_pk[c.agreement],
                    base_id=base_pk[c.base],
                    sequence=c.sequence,
                    due_on=c.due_on,
                    state=c.state,
                    materials_requested_on=c.materials_requested_on,
                    materials_note=c.materials_note,
                    submitted_on=c.submitted_on,
                    evaluated_on=c.evaluated_on,
                    grade=c.grade,
                    conclusion=c.conclusion,
                    evaluated_by_id=self.office if c.state == "evaluated" else None,
                )
                for c in plan.cycles
            ],
        )
        self.cycle_pk = [c.pk for c in cycles]
        titles = ("基地自评报告", "研究生培养情况汇总")
        self.bulk(
            EvaluationMaterial,
            [
                EvaluationMaterial(
                    cycle_id=pk,
                    title=titles[n],
                    file=f"evaluations/scale/{pk}-{n + 1}.pdf",
                    uploaded_by_id=self.admin(c.base),
                )
                for c, pk in zip(plan.cycles, self.cycle_pk, strict=True)
                for n in range(c.materials)
            ],
        )
        self.bulk(
            CommitteeMember,
            [
                CommitteeMember(
                    base_id=base_pk[base],
                    party=party,
                    category=category,
                    full_name=name,
                    position=position,
                    is_chair=chair,
                    term_start=start,
                    term_end=end,
                )
                for base, party, category, name, position, chair, start, end in plan.committee
            ],
        )
        self.bulk(
            Briefing,
            [
                Briefing(
                    base_id=base_pk[b],
                    held_on=day,
                    summary=text,
                    attendees="管理委员会委员",
                    recorded_by_id=self.office,
                )
                for b, day, text in plan.briefings
            ],
        )
        self.bulk(
            ExchangeActivity,
            [
                ExchangeActivity(
                    base_id=base_pk[b],
                    held_on=day,
                    title=title,
                    kind=kind,
                    participants="基地研究生、合作导师",
                    participant_count=n,
                )
                for b, day, title, kind, n in plan.exchanges
            ],
        )
        funds = self.bulk(
            InnovationFund,
            [
                InnovationFund(base_id=base_pk[b], year=year, amount=amount, notes="用于校企合作研究与研究生创新项目")
                for b, year, amount, _projects in plan.funds
            ],
        )
        self.bulk(
            FundedProject,
            [
                FundedProject(fund_id=fund.pk, title=title, leader=leader, amount=amount)
                for fund, (_b, _y, _a, projects) in zip(funds, plan.funds, strict=True)
                for title, leader, amount in projects
            ],
        )
        self.bulk(
            InnovationActivity,
            [
                InnovationActivity(
                    base_id=base_pk[b], held_on=day, title=title, kind=kind, participants="基地研究生", result=result
                )
                for b, day, title, kind, result in plan.innovations
            ],
        )

    def mentors(self) -> None:
        plan = self.plan
        mentors = self.bulk(
            Mentor,
            [
                Mentor(
                    kind=m.kind,
                    full_name=m.full_name,
                    staff_no=m.staff_no,
                    user_id=self.user_pk.get(m.username) if m.username else None,
                    organisation_id=self.university_pk if m.base is None else self.enterprise_pk[m.base],
                    college_id=None if m.college is None else self.college_pk[m.college],
                    base_id=None if m.base is None else self.base_pk[m.base],
                    title=m.title,
                    title_level=m.title_level,
                    degree=m.degree,
                    years_of_experience=m.years_of_experience,
                    field=m.field,
                    phone=m.phone,
                )
                for m in plan.mentors
            ],
        )
        self.mentor_pk = [m.pk for m in mentors]
        recommended = [i for i, a in enumerate(plan.appointments) if a.recommended_on is not None]
        recommendations = self.bulk(
            MentorRecommendation,
            [self.recommendation(plan.mentors[plan.appointments[i].mentor], plan.appointments[i]) for i in recommended],
        )
        recommendation_of = {i: r.pk for i, r in zip(recommended, recommendations, strict=True)}
        appointments = self.bulk(
            Appointment,
            [
                Appointment(
                    mentor_id=self.mentor_pk[a.mentor],
                    base_id=self.base_pk[plan.mentors[a.mentor].base or 0],
                    starts_on=a.starts_on,
                    ends_on=a.ends_on,
                    letter_number=a.letter_number,
                    recommendation_id=recommendation_of.get(i),
                    appointed_by_id=self.office,
                )
                for i, a in enumerate(plan.appointments)
            ],
        )
        self.appointment_pk = [a.pk for a in appointments]
        others: list[MentorRecommendation] = []
        for base, name, status in plan.recommendations:
            rejected = status == "rejected"
            others.append(
                MentorRecommendation(
                    base_id=self.base_pk[base],
                    full_name=name,
                    title="工程师" if rejected else "高级工程师",
                    title_level="intermediate" if rejected else "associate_senior",
                    degree="bachelor" if rejected else "master",
                    years_of_experience=3 if rejected else 9,
                    field=INDUSTRIES[plan.bases[base].industry].fields[0],
                    reason="主持企业重点研发项目。",
                    cv=f"cvs/scale/candidate-{len(others) + 1}.pdf",
                    recommended_by_id=self.admin(base),
                    status=status,
                    decided_by_id=self.office if rejected else None,
                    decided_on=self.today - dt.timedelta(days=20) if rejected else None,
                    decision_reason="职称与从业年限未达到校外合作导师要求。" if rejected else "",
                )
            )
        self.bulk(MentorRecommendation, others)
        self.bulk(
            MentorTraining,
            [
                MentorTraining(mentor_id=self.mentor_pk[m], held_on=day, topic=topic, hours=hours)
                for m, day, topic, hours in plan.trainings
            ],
        )
        self.bulk(
            MentorAssessment,
            [
                MentorAssessment(
                    mentor_id=self.mentor_pk[m],
                    period_start=start,
                    period_end=end,
                    result=result,
                    comments="指导认真，按时完成月度考核。",
                    assessed_by_id=self.office,
                )
                for m, start, end, result in plan.mentor_assessments
            ],
        )
        self.bulk(
            RemunerationRecord,
            [
                RemunerationRecord(
                    mentor_id=self.mentor_pk[m],
                    base_id=self.base_pk[plan.mentors[m].base or 0],
                    period_start=start,
                    period_end=end,
                    basis=RemunerationRecord.Basis.STUDENTS,
                    quantity=Decimal(students),
                    amount=Decimal(1200 * students),
                    paid_on=paid,
                    reference=f"财务凭证 {start.year}-{m:05d}" if paid else "",
                )
                for m, start, end, students, paid in plan.remuneration
            ],
        )

    def recommendation(self, mentor: MentorPlan, appointment: AppointmentPlan) -> MentorRecommendation:
        base = mentor.base or 0
        recommended_on = appointment.recommended_on or appointment.starts_on
        return MentorRecommendation(
            base_id=self.base_pk[base],
            full_name=mentor.full_name,
            title=mentor.title,
            title_level=mentor.title_level,
            degree=mentor.degree,
            years_of_experience=mentor.years_of_experience or 5,
            field=mentor.field,
            phone=mentor.phone,
            reason="长期从事企业技术研发，具备指导研究生的能力。",
            cv=f"cvs/scale/mentor-{mentor.idx + 1}.pdf",
            recommended_by_id=self.admin(base),
            status=MentorRecommendation.Status.APPOINTED,
            decided_by_id=self.office,
            decided_on=min(appointment.starts_on, recommended_on + dt.timedelta(days=14)),
            mentor_id=self.mentor_pk[mentor.idx],
        )

    def students(self) -> None:
        plan, today = self.plan, self.today
        students = self.bulk(
            Student,
            [
                Student(
                    student_no=s.student_no,
                    full_name=s.full_name,
                    user_id=self.user_pk.get(s.username) if s.username else None,
                    college_id=self.college_pk[s.college],
                    major=s.major,
                    degree_level=s.degree_level,
                    degree_type=s.degree_type,
                    study_mode=s.study_mode,
                    employment_type=s.employment_type,
                    enrolment_year=s.enrolment_year,
                    supervisor_id=self.mentor_pk[s.supervisor],
                )
                for s in plan.students
            ],
        )
        self.student_pk = [s.pk for s in students]
        demands = self.bulk(
            PositionDemand,
            [
                PositionDemand(
                    base_id=self.base_pk[d.base],
                    year=d.year,
                    title=d.title,
                    count=d.count,
                    requirements=d.requirements,
                    posted_by_id=self.admin(d.base),
                )
                for d in plan.demands
            ],
        )
        self.demand_pk = [d.pk for d in demands]
        for chunk in _chunks(plan.placements, PLACEMENT_CHUNK):
            created = self.bulk(Placement, [self.placement(p) for p in chunk])
            self.placement_pk.extend(p.pk for p in created)
        demand_base = [d.base for d in plan.demands]
        selections = []
        for s in plan.selections:
            student = plan.students[s.student]
            eligible = student.eligible_by_default
            answered = s.status != "proposed"
            selections.append(
                Selection(
                    demand_id=self.demand_pk[s.demand],
                    student_id=self.student_pk[s.student],
                    status=s.status,
                    eligible_by_default=eligible,
                    party_a_consent="" if eligible else "经研究生院审核，同意该生参加联合培养。",
                    party_b_consent="" if eligible or s.status != "accepted" else "乙方同意接收该生。",
                    selected_by_id=self.office,
                    answered_by_id=self.admin(demand_base[s.demand]) if answered else None,
                    answered_on=s.answered_on,
                    decline_reason=s.decline_reason,
                )
            )
        self.bulk(Selection, selections)
        pk = self.placement_pk
        self.bulk(
            SafetyAgreement,
            [
                SafetyAgreement(
                    placement_id=pk[p.idx],
                    base_signed_on=p.safety[0],
                    student_signed_on=p.safety[1],
                    supervisor_signed_on=p.safety[2],
                    scan=f"safety/scale/{pk[p.idx]}.pdf",
                )
                for p in plan.placements
                if p.safety is not None
            ],
        )
        policies = []
        for p in plan.placements:
            insurer, code = INSURERS[p.idx % len(INSURERS)]
            for n, (start, end) in enumerate(p.insurance, 1):
                policies.append(
                    InsurancePolicy(
                        placement_id=pk[p.idx],
                        insurer=insurer,
                        policy_number=f"{code}{start:%Y%m}{pk[p.idx]:08d}{n}",
                        bought_by=p.insurance_party,
                        covers_from=start,
                        covers_to=end,
                    )
                )
        self.bulk(InsurancePolicy, policies)
        notices = []
        for p in plan.placements:
            notice = p.notice
            if notice is None:
                continue
            by_b = notice.filed_by == "B"
            notices.append(
                PracticeNotice(
                    placement_id=pk[p.idx],
                    kind=notice.kind,
                    filed_by=notice.filed_by,
                    notice_date=notice.notice_date,
                    new_end=notice.new_end,
                    previous_end=notice.previous_end,
                    reason=notice.reason,
                    filed_by_user_id=self.admin(p.base) if by_b else self.office,
                    acknowledged_on=notice.acknowledged_on,
                    acknowledged_by_id=(self.office if by_b else self.admin(p.base))
                    if notice.acknowledged_on
                    else None,
                    applied_on=notice.applied_on,
                )
            )
        saved = self.bulk(PracticeNotice, notices)
        noticed = [p.idx for p in plan.placements if p.notice is not None]
        self.notice_pk = {idx: n.pk for idx, n in zip(noticed, saved, strict=True)}
        self.bulk(
            ConfidentialityConfirmation,
            [
                ConfidentialityConfirmation(
                    placement_id=pk[p.idx],
                    confirmed_on=p.confidentiality[0],
                    is_confidential=p.confidentiality[1],
                    notes="论文涉及企业技术秘密，按涉密论文管理。" if p.confidentiality[1] else "",
                    confirmed_by_id=self.admin(p.base),
                )
                for p in plan.placements
                if p.confidentiality is not None
            ],
        )
        self.bulk(
            PracticeAppraisal,
            [
                PracticeAppraisal(
                    placement_id=pk[p.idx],
                    grade=p.appraisal[0],
                    issued_on=p.appraisal[1],
                    comments=p.appraisal[2],
                    issued_by_id=self.admin(p.base),
                )
                for p in plan.placements
                if p.appraisal is not None
            ],
        )
        self.bulk(
            Award,
            [
                Award(placement_id=pk[p.idx], kind=p.award[0], title=p.award[1], awarded_on=p.award[2])
                for p in plan.placements
                if p.award is not None
            ],
        )
        disclosures = []
        for placement, title, decision, planned, reason, username in plan.disclosures:
            base = plan.placements[placement].base
            decided = decision != "pending"
            disclosures.append(
                DisclosureRequest(
                    placement_id=pk[placement],
                    kind=DisclosureRequest.Kind.PAPER,
                    title=title,
                    venue="《煤炭学报》",
                    summary="论文使用实践项目的部分试验数据与方法。",
                    planned_on=planned,
                    requested_by_id=self.user_pk[username],
                    decision=decision,
                    decided_on=today if decided else None,
                    decided_by_id=self.admin(base) if decided else None,
                    decision_reason=reason,
                )
            )
        self.bulk(DisclosureRequest, disclosures)

    def placement(self, p: PlacementPlan) -> Placement:
        return Placement(
            student_id=self.student_pk[p.student],
            base_id=self.base_pk[p.base],
            demand_id=self.demand_pk[p.demand] if p.demand >= 0 else None,
            cooperative_mentor_id=self.mentor_pk[p.mentor],
            stage=p.stage,
            credits_required=p.credits_required,
            credits_earned=p.credits_earned,
            coursework_completed_on=p.coursework_completed_on,
            practice_project=p.practice_project,
            planned_practice_start=p.planned_practice_start,
            planned_practice_end=p.planned_practice_end,
            length_exception_reason=p.length_exception_reason,
            beyond_agreement_reason=p.beyond_agreement_reason,
            practice_start=p.practice_start,
            practice_end=p.practice_end,
            practice_ended_early_for=p.practice_ended_early_for,
            thesis_topic=p.thesis_topic,
            proposal_on=p.proposal_on,
            defence_on=p.defence_on,
            defence_result=p.defence_result,
        )

    def assessments(self) -> None:
        plan = self.plan
        created = self.bulk(
            AllowancePolicy,
            [
                AllowancePolicy(
                    base_id=self.base_pk[p.base],
                    degree_level=p.degree_level,
                    effective_from=p.effective_from,
                    base_amount=p.base_amount,
                    failed_amount=p.failed_amount,
                    excellent_bonus=p.excellent_bonus,
                )
                for p in plan.policies
            ],
        )
        policies: dict[tuple[int, str], list[tuple[dt.date, int, PolicyPlan]]] = defaultdict(list)
        for policy, obj in zip(plan.policies, created, strict=True):
            policies[(policy.base, policy.degree_level)].append((policy.effective_from, obj.pk, policy))
        for versions in policies.values():
            versions.sort(key=lambda v: v[0], reverse=True)
        with translation.override(settings.LANGUAGE_CODE):
            reasons = (
                gettext("Assessment failed: reduced by the base's policy."),
                gettext("Part month: %(days)s days in practice."),
            )
        mentor_user = {m.idx: self.user_pk[m.username] for m in plan.mentors if m.username}
        last_month = plan.last_month
        for chunk in _chunks(plan.placements, PLACEMENT_CHUNK):
            assessments: list[MonthlyAssessment] = []
            made: list[tuple[PlacementPlan, MonthRow]] = []
            summaries: list[WorkSummary] = []
            for p in chunk:
                placement_pk, base_pk = self.placement_pk[p.idx], self.base_pk[p.base]
                for row in assessment_rows(plan, p):
                    if row.month == last_month and row.state != "confirmed":
                        self.unconfirmed_last_month.add(p.idx)
                    if row.student_summary:
                        summaries.append(WorkSummary(placement_id=placement_pk, month=row.month, text=row.work_summary))
                    if not row.state:
                        continue
                    confirmed = row.state == "confirmed"
                    assessments.append(
                        MonthlyAssessment(
                            placement_id=placement_pk,
                            base_id=base_pk,
                            month=row.month,
                            attendance_days=row.attendance_days,
                            work_summary=row.work_summary,
                            score=row.score,
                            grade=row.grade,
                            state=row.state,
                            written_by_id=mentor_user.get(p.mentor),
                            confirmed_by_id=self.admin(p.base) if confirmed else None,
                            confirmed_on=row.confirmed_on,
                        )
                    )
                    made.append((p, row))
            saved = self.bulk(MonthlyAssessment, assessments)
            payments = []
            for assessment, (p, row) in zip(saved, made, strict=True):
                if row.state != "confirmed":
                    continue
                level = plan.students[p.student].degree_level
                last_day = rules.month_bounds(row.month)[1]
                _from, policy_pk, policy = next(v for v in policies[(p.base, level)] if v[0] <= last_day)
                money = allowance(policy, row, p, reasons)
                payments.append(
                    AllowancePayment(
                        assessment_id=assessment.pk,
                        placement_id=assessment.placement_id,
                        base_id=assessment.base_id,
                        month=row.month,
                        policy_id=policy_pk,
                        days_in_practice=row.days,
                        amount=money.amount,
                        reduction_reason=money.reduction_reason,
                        paid_on=row.paid_on,
                        reference=f"工资系统 {row.paid_on:%Y-%m}" if row.paid_on else "",
                    )
                )
            self.bulk(AllowancePayment, payments)
            self.bulk(WorkSummary, summaries)

    def notifications(self) -> None:
        """A few notices per login, as the daily scans would have sent them; then the office login goes live."""
        inbox = _Inbox(self)
        for user in self.plan.users:
            inbox.deliver(user)
        self.bulk(Notification, inbox.notes)
        User.objects.filter(username=OFFICE_USERNAME).update(is_active=True)


class _Inbox:
    """The notices of each login: agreements ending, evaluations due or overdue, months unconfirmed, terms ending."""

    def __init__(self, writer: _Writer) -> None:
        self.w = writer
        plan, today = writer.plan, writer.today
        self.plan, self.today = plan, today
        self.notes: list[Notification] = []
        self.current = {a.base: a for a in plan.agreements if a.in_force_on(today)}
        self.ending = sorted(
            (
                a
                for a in self.current.values()
                if a.in_force_until and a.in_force_until <= today + dt.timedelta(days=180)
            ),
            key=lambda a: (a.in_force_until, a.idx),
        )
        open_cycles = [
            (c, pk)
            for c, pk in zip(plan.cycles, writer.cycle_pk, strict=True)
            if c.state in ("scheduled", "materials_requested", "submitted")
        ]
        self.overdue = [(c, pk) for c, pk in open_cycles if c.due_on < today]
        self.soon = [(c, pk) for c, pk in open_cycles if today <= c.due_on <= today + dt.timedelta(days=60)]
        self.late_by_base: dict[int, list[PlacementPlan]] = defaultdict(list)
        self.late_by_mentor: dict[int, list[PlacementPlan]] = defaultdict(list)
        self.noticed: dict[int, PlacementPlan] = {}
        for p in plan.placements:
            if p.idx in writer.unconfirmed_last_month:
                self.late_by_base[p.base].append(p)
                self.late_by_mentor[p.mentor].append(p)
            if p.notice is not None:
                self.noticed[p.student] = p
        self.terms_ending: dict[int, list[tuple[AppointmentPlan, int]]] = defaultdict(list)
        for a, pk in zip(plan.appointments, writer.appointment_pk, strict=True):
            if today <= a.ends_on <= today + dt.timedelta(days=30):
                self.terms_ending[a.mentor].append((a, pk))

    def note(self, username: str, kind: str, subject: tuple[str, int], *, due: str, title: str, link: str) -> None:
        n = len(self.notes)
        self.notes.append(
            Notification(
                recipient_id=self.w.user_pk[username],
                kind=kind,
                subject_type=subject[0],
                subject_id=subject[1],
                due=due,
                title=title[:200],
                body=title,
                link=link,
                read_at=_aware(self.today - dt.timedelta(days=1 + n % 5), 9) if n % 3 else None,
            )
        )

    def deliver(self, user: UserPlan) -> None:
        if user.role == "office":
            for agreement in self.ending[:4]:
                self.expiring(user.username, agreement)
            for cycle, pk in self.overdue[:2]:
                self.evaluation(user.username, cycle, pk)
        elif user.role == "base_admin" and user.base is not None:
            self.base_admin(user.username, user.base)
        elif user.role == "mentor" and user.mentor is not None:
            self.mentor(user.username, user.mentor)
        elif user.role == "student" and user.student in self.noticed:
            p = self.noticed[user.student]
            day = p.notice.notice_date if p.notice else self.today
            self.note(
                user.username,
                "notice_filed",
                ("students.practicenotice", self.w.notice_pk[p.idx]),
                due=day.isoformat(),
                title="实践终止通知",
                link=reverse("students:student_detail", args=[self.w.student_pk[p.student]]),
            )

    def base_admin(self, username: str, base: int) -> None:
        if base in self.current and self.current[base] in self.ending:
            self.expiring(username, self.current[base])
        for cycle, pk in [*self.overdue, *self.soon]:
            if cycle.base == base:
                self.evaluation(username, cycle, pk)
        for p in self.late_by_base[base][:2]:
            self.note(
                username,
                "assessment_overdue",
                ("students.placement", self.w.placement_pk[p.idx]),
                due=f"{self.plan.last_month:%Y-%m}:base",
                title=f"{self.plan.students[p.student].full_name}的月度考核待确认",
                link=reverse("assessments:assessment_list"),
            )

    def mentor(self, username: str, mentor: int) -> None:
        month = self.plan.last_month
        for p in self.late_by_mentor[mentor][:3]:
            self.note(
                username,
                "assessment_overdue",
                ("students.placement", self.w.placement_pk[p.idx]),
                due=f"{month:%Y-%m}:mentor",
                title=f"{self.plan.students[p.student].full_name}的月度考核尚未完成",
                link=f"{reverse('assessments:month_page')}?month={month:%Y-%m}",
            )
        for appointment, pk in self.terms_ending[mentor]:
            self.note(
                username,
                "appointment_expiring",
                ("mentors.appointment", pk),
                due=appointment.ends_on.isoformat(),
                title=f"聘任将于{appointment.ends_on}到期",
                link=reverse("mentors:mentor_detail", args=[self.w.mentor_pk[mentor]]),
            )

    def expiring(self, username: str, agreement: AgreementPlan) -> None:
        until = agreement.in_force_until or self.today
        threshold = min(t for t in (180, 90, 30) if (until - self.today).days <= t)
        pk = self.w.agreement_pk[agreement.idx]
        self.note(
            username,
            "agreement_expiring",
            ("agreements.agreement", pk),
            due=f"{until}:{threshold}",
            title=f"{self.plan.bases[agreement.base].name}：协议将于{until}到期",
            link=reverse("agreements:agreement_detail", args=[pk]),
        )

    def evaluation(self, username: str, cycle: CyclePlan, pk: int) -> None:
        link = reverse("agreements:evaluation_detail", args=[pk])
        base = self.plan.bases[cycle.base].name
        subject = ("agreements.evaluationcycle", pk)
        if cycle.due_on < self.today:
            title = f"逾期：{base}的考核评估"
            self.note(username, "evaluation_overdue", subject, due=cycle.due_on.isoformat(), title=title, link=link)
        else:
            threshold = min(t for t in (60, 30, 7) if (cycle.due_on - self.today).days <= t)
            title = f"{base}的考核评估即将到期"
            self.note(username, "evaluation_due", subject, due=f"{cycle.due_on}:{threshold}", title=title, link=link)


def load(plan: Plan, log: Callable[[str], None]) -> Counter[str]:
    """Write the plan; returns the number of rows written per model."""
    writer = _Writer(plan, log)
    writer.run()
    _refresh_statistics(writer.models, log)
    return writer.counts


def _refresh_statistics(written: Sequence[type[models.Model]], log: Callable[[str], None]) -> None:
    """On PostgreSQL, give the planner statistics of the new rows at once (autovacuum would get there later).

    Outside a transaction this is ``VACUUM (ANALYZE)``, which also sets the visibility map, so a
    benchmark run straight after the load sees the tables as they would settle; inside one
    (a test), ``ANALYZE``.
    """
    if connection.vendor != "postgresql":
        return
    started = time.monotonic()
    tables = ", ".join(dict.fromkeys(connection.ops.quote_name(model._meta.db_table) for model in written))
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")
    log(f"  {command.lower()}: {time.monotonic() - started:.1f} s")


# --- what the benchmark reads back -----------------------------------------------------------------------


def seeded_state() -> str:
    """``complete`` after a finished run, ``partial`` after one that stopped half way, else ``absent``."""
    office = User.objects.filter(username=OFFICE_USERNAME).values_list("is_active", flat=True).first()
    if office:
        return "complete"
    if office is not None or User.objects.filter(username__startswith=USER_PREFIX).exists():
        return "partial"
    return "absent"


def scale_landmarks() -> dict[str, Any]:
    """The records a benchmark should hit, read from the database of a finished ``seed_scale`` run.

    ``largest_base_pk`` is the base ``scale-admin-0001`` administers; ``mentor_username`` its
    busiest cooperative mentor (most students in practice last month); ``busiest_payment_month``
    (YYYY-MM) the month with the most allowance payments; ``cohort_year`` the enrolment year with
    the most students; ``evaluated_cycle_pk`` a biennial evaluation of the largest base with a result.
    """
    admin = User.objects.get(username=f"{USER_PREFIX}admin-0001")
    base_id = (
        BaseUserObjectPermission.objects.filter(user=admin)
        .order_by("pk")
        .values_list("content_object_id", flat=True)[0]
    )
    mentor_user = User.objects.get(username=f"{USER_PREFIX}mentor-0001")
    mentor = Mentor.objects.get(user=mentor_user)
    busiest = (
        AllowancePayment.objects.order_by().values("month").annotate(n=Count("pk")).order_by("-n", "-month").first()
    )
    cohort = (
        Student.objects.order_by()
        .values("enrolment_year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-enrolment_year")
        .first()
    )
    cycle = EvaluationCycle.objects.filter(base_id=base_id, state="evaluated").order_by("-due_on").first()
    return {
        "office_username": OFFICE_USERNAME,
        "largest_base_pk": base_id,
        "largest_base_placements": Placement.objects.filter(base_id=base_id).count(),
        "base_admin_username": admin.username,
        "mentor_username": mentor_user.username,
        "mentor_pk": mentor.pk,
        "mentor_placements": Placement.objects.filter(cooperative_mentor=mentor).count(),
        "busiest_payment_month": f"{busiest['month']:%Y-%m}" if busiest else None,
        "busiest_payment_month_payments": busiest["n"] if busiest else 0,
        "cohort_year": cohort["enrolment_year"] if cohort else None,
        "cohort_students": cohort["n"] if cohort else 0,
        "evaluated_cycle_pk": cycle.pk if cycle else None,
        "student_username": f"{USER_PREFIX}student-001",
        "college_username": f"{USER_PREFIX}college-01",
        "supervisor_username": f"{USER_PREFIX}supervisor-001",
        "api_username": f"{USER_PREFIX}api",
    }


def core_rows_in_database() -> list[tuple[Any, ...]]:
    """``core_rows`` as stored: a loaded plan reads back exactly as it was planned."""
    placements = {
        student_id: (base, stage, planned_start, planned_end, start, end)
        for student_id, base, stage, planned_start, planned_end, start, end in Placement.objects.values_list(
            "student_id",
            "base__name",
            "stage",
            "planned_practice_start",
            "planned_practice_end",
            "practice_start",
            "practice_end",
        )
    }
    empty = (None,) * 6
    return sorted(
        (number, name, year, *placements.get(pk, empty))
        for pk, number, name, year in Student.objects.filter(student_no__regex=r"^(ZS|XS|BS)\d{9}$").values_list(
            "pk", "student_no", "full_name", "enrolment_year"
        )
    )
