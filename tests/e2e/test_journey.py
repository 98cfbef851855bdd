"""A base's life in a real browser, each step done by the person who really does it.

1. The graduate office adds the enterprise, the base and its agreement from the standard text,
   and records both signatures.
2. The base administrator posts position demands and recommends a cooperative mentor.
3. The office appoints the mentor and selects a student; the base accepts the student.
4. The placement steps: coursework, practice plan, safety agreement, insurance, start.
5. The mentor assesses two months on a phone.
6. The base confirms them; the allowance ledger is exported and read back.
7. The base gives notice ending the practice early; the office finds it in its inbox.
8. The base issues the practice appraisal; the student downloads it as a PDF.

Only the people are made in code (logins, the student's record, the university): every domain
step goes through the pages. The one exception is the daily scan that makes a notice take effect,
which is Celery beat's job, not a page's. Dates are relative to today (Asia/Shanghai): the practice
began five months ago, so the two months before this one are whole months of practice, and the
notice was given a month ago, so it has taken effect by today.
"""

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as default
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from accounts.models import Organisation, User
from accounts.roles import Role, roles_sync
from accounts.services import college_create, organisation_create, user_create
from accounts.validators import credit_code_check_character
from base_portal import rules
from base_portal.celery import app as celery_app
from mentors.models import Mentor
from mentors.services import mentor_create
from notifications.tasks import daily_scan
from students.models import Student
from students.services import student_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Journey-2026"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DAY = dt.timedelta(days=1)

UNIVERSITY = "中国矿业大学"
ENTERPRISE = "徐州云岭智能矿山科技有限公司"
CREDIT_CODE = "91320311MA2J8U7K5" + credit_code_check_character("91320311MA2J8U7K5")
BASE = "云岭智能矿山研究生联合培养基地"
DEMANDS = (("矿山机器人研发岗", "2"), ("智能通风控制工程岗", "1"))
DEMAND = DEMANDS[0][0]
BASE_ADMIN = "钱晓燕"
CANDIDATE = "吕建伟"
STUDENT_NAME = "宋雨桐"
STUDENT_NO = "TS25099001"
PROJECT = "井下巡检机器人自主导航"
APPRAISAL = "实践期间完成巡检机器人导航模块的设计与现场测试，工作认真，团队协作良好。"
LEDGER_HEADER = ["基地", "学号", "姓名", "月份", "实践天数", "金额（元）"]


@dataclass(frozen=True)
class Timeline:
    """Every date the journey enters, counted from today; most are records of what already happened."""

    today: dt.date

    @property
    def this_month(self) -> dt.date:
        return self.today.replace(day=1)

    @property
    def party_a_signed(self) -> dt.date:
        return rules.add_months(self.this_month, -8)

    @property
    def party_b_signed(self) -> dt.date:
        return self.party_a_signed + 9 * DAY  # the later signature: in force from this day

    @property
    def appointment_starts(self) -> dt.date:
        return rules.add_months(self.this_month, -7)

    @property
    def appointment_ends(self) -> dt.date:
        return rules.add_months(self.appointment_starts, 36) - DAY

    @property
    def practice_start(self) -> dt.date:
        return rules.add_months(self.this_month, -5)

    @property
    def planned_end(self) -> dt.date:
        return rules.practice_last_day(self.practice_start, 8)

    @property
    def months(self) -> tuple[dt.date, dt.date]:
        """The two months the mentor assesses: the two before this one."""
        return rules.add_months(self.this_month, -2), rules.add_months(self.this_month, -1)

    @property
    def notice_date(self) -> dt.date:
        return rules.add_months(self.today, -1)

    @property
    def new_end(self) -> dt.date:
        """The earliest end a month's notice allows: by today, and after the assessed months."""
        return rules.notice_earliest_end(self.notice_date)


def iso(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}"


def chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- Browser helpers -------------------------------------------------------------------------


def field(page: Page | Locator, label: str) -> Locator:
    """The form field labelled exactly ``label`` (a required field's label ends in *, the admin's in :)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*[*:]?\s*$"))


def go(page: Page, link: str, *, within: str = "main") -> None:
    """Follow the link named exactly ``link`` inside ``within``."""
    with page.expect_navigation():
        page.locator(within).get_by_role("link", name=link, exact=True).first.click()


def nav(page: Page, item: str) -> None:
    go(page, item, within=".main-nav")


def submit(page: Page, button: str = "保存", *, done: str | None = None) -> None:
    """Press the form's button; the next page shows no error (and the message ``done``, if given)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    errors = page.locator(".errorlist, .form-errors, .errornote, .messages .error")
    if errors.count():
        raise AssertionError(f"{page.url}: {errors.all_inner_texts()}")
    if done is not None:
        expect(page.locator(".messages")).to_contain_text(done)


def download(page: Page, link: str) -> bytes:
    """Click the link named ``link`` and return the file it downloads."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link, exact=True).first.click()
    return Path(info.value.path()).read_bytes()


def export_ledger(page: Page) -> bytes:
    """On the allowance ledger page, export the month shown to Excel; the workbook's bytes.

    Today the page's "导出 Excel" link answers with the file at once. If the export becomes a
    background job (a POST that leads to /jobs/<id>/, with a download link once done), adapt here.
    """
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx"), info.value.suggested_filename
    return Path(info.value.path()).read_bytes()


def pdf_text(data: bytes, path: Path) -> str:
    """A PDF's text with all white space removed: poppler's pdftotext if installed, else pypdf."""
    assert data.startswith(b"%PDF"), data[:40]
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        pdftotext = ["pdftotext", "-layout", str(path), "-"]
        text = subprocess.run(pdftotext, capture_output=True, check=True).stdout.decode()  # noqa: S603
    else:
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def open_student(page: Page) -> None:
    nav(page, "学生")
    go(page, STUDENT_NO)
    expect(page.locator("h1")).to_contain_text(STUDENT_NAME)


def stage(page: Page) -> Locator:
    return page.locator(".placement h2 .badge")


@dataclass
class Journey:
    browser: Any
    live_server: Any
    artifacts: Path
    when: Timeline
    pages: list[Page] = default(default_factory=list)
    shots: int = 0

    def log_in(self, username: str, viewport: dict[str, int] = DESKTOP) -> Page:
        page: Page = self.browser.new_page(viewport=viewport, locale="zh-CN", accept_downloads=True)
        page.set_default_timeout(10_000)
        self.pages.append(page)
        page.goto(f"{self.live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert page.url == f"{self.live_server.url}/", f"{username} could not log in"
        return page

    def shot(self, page: Page, name: str) -> None:
        """One full-page screenshot per step, numbered in order."""
        self.shots += 1
        page.screenshot(path=str(self.artifacts / f"journey-{self.shots:02d}-{name}.png"), full_page=True)


# --- The people, made in code ----------------------------------------------------------------


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks run at once in the live server, as in the embedded default (a REDIS_URL would queue them)."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager


def make_party_a() -> None:
    """The university and a college; the office's login; the student, their login and supervisor."""
    roles_sync()
    university = organisation_create(
        kind=Organisation.Kind.UNIVERSITY,
        name=UNIVERSITY,
        credit_code="12100000466007805" + credit_code_check_character("12100000466007805"),
    )
    college = college_create(university=university, name="机电工程学院", code="MEE")
    office = user_create(
        username="j-office", full_name="王静", roles=[Role.OFFICE], password=PASSWORD, organisation=university
    )
    office.is_staff = True  # organisations are kept in the administration pages
    office.save(update_fields=["is_staff"])
    student = user_create(
        username="j-student",
        full_name=STUDENT_NAME,
        roles=[Role.STUDENT],
        password=PASSWORD,
        organisation=university,
        college=college,
    )
    student_create(
        student_no=STUDENT_NO,
        full_name=STUDENT_NAME,
        college=college,
        major="机械工程",
        degree_level=Student.DegreeLevel.MASTER,
        degree_type=Student.DegreeType.PROFESSIONAL,
        study_mode=Student.StudyMode.FULL_TIME,
        employment_type=Student.EmploymentType.NON_DIRECTED,
        enrolment_year=2025,
        supervisor=mentor_create(
            kind=Mentor.Kind.SUPERVISOR,
            full_name="张伟",
            staff_no="T2003101",
            organisation=university,
            college=college,
            title="教授",
        ),
        user=student,
    )


def make_party_b_logins() -> None:
    """The new enterprise's staff: a base administrator and the mentor-to-be, with their logins."""
    enterprise = Organisation.objects.get(name=ENTERPRISE)  # added by the office in the browser
    for username, full_name, role in (
        ("j-baseadmin", BASE_ADMIN, Role.BASE_ADMIN),
        ("j-mentor", CANDIDATE, Role.MENTOR),
    ):
        user_create(username=username, full_name=full_name, roles=[role], password=PASSWORD, organisation=enterprise)


# --- The steps -------------------------------------------------------------------------------


def office_sets_up_the_base(j: Journey, office: Page) -> None:
    nav(office, "系统管理")
    with office.expect_navigation():
        office.locator("a[href$='/admin/accounts/organisation/add/']").click()
    field(office, "类型").select_option(label="企业")
    field(office, "名称").fill(ENTERPRISE)
    field(office, "简称").fill("云岭智能")
    field(office, "统一社会信用代码").fill(CREDIT_CODE)
    submit(office)
    j.shot(office, "office-enterprise")
    make_party_b_logins()
    go(office, "查看站点", within="#user-tools")

    nav(office, "基地")
    go(office, "新建基地")
    field(office, "企业（乙方）").select_option(label=ENTERPRISE)
    field(office, "高校（甲方）").select_option(label=UNIVERSITY)
    field(office, "基地名称").fill(BASE)
    field(office, "办公室挂靠部门").fill("创新管理办公室")
    field(office, "办公室联系人").fill(BASE_ADMIN)
    field(office, "办公室电话").fill("0516-83881234")
    field(office, "状态").select_option(label="运行中")
    submit(office, done="基地已创建")
    expect(office.locator("h1")).to_contain_text(BASE)

    go(office, "添加")  # a base administrator, from the enterprise's staff
    field(office, "基地管理员").select_option(label=BASE_ADMIN)
    submit(office, done="基地管理员已添加")
    expect(office.locator("main")).to_contain_text(f"{BASE_ADMIN} (j-baseadmin)")

    go(office, "新建协议")
    expect(field(office, "协议模板版本")).not_to_have_value("")  # the standard text is chosen
    field(office, "每年最少学生人数").fill("2")
    field(office, "意外伤害保险投保方").select_option(label="乙方（企业）")
    field(office, "甲方授权代表").fill("周立新")
    field(office, "乙方授权代表").fill("孙建军")
    submit(office, done="协议草稿已创建")
    expect(office.locator("h1 .badge")).to_have_text("草稿")
    for party, day in (("甲方（高校）", j.when.party_a_signed), ("乙方（企业）", j.when.party_b_signed)):
        go(office, "登记签署")
        field(office, "所属方").select_option(label=party)
        field(office, "签署日期").fill(iso(day))
        submit(office, done="签署已登记")
    expect(office.locator("h1 .badge")).to_have_text("生效中")
    last_day = rules.agreement_last_day(j.when.party_b_signed)
    expect(office.locator("main")).to_contain_text(f"{iso(j.when.party_b_signed)} – {iso(last_day)}")
    j.shot(office, "office-agreement-in-force")
    text = pdf_text(download(office, "下载 PDF"), j.artifacts / "journey-agreement.pdf")
    for needed in (UNIVERSITY, ENTERPRISE, CREDIT_CODE, BASE, "周立新", "孙建军", chinese(last_day)):
        assert needed in text, f"{needed!r} not in the agreement PDF"


def base_posts_demands_and_recommends(j: Journey, admin: Page) -> None:
    for title, count in DEMANDS:
        nav(admin, "岗位需求")
        go(admin, "发布岗位需求")
        field(admin, "基地").select_option(label=BASE)
        field(admin, "年度").fill(str(j.when.practice_start.year))  # the year the student joined
        field(admin, "岗位").fill(title)
        field(admin, "需求人数").fill(count)
        field(admin, "岗位要求").fill("机械、控制或相关专业，熟悉 ROS 者优先")
        submit(admin, done="岗位需求已发布")
        expect(admin.locator("h1")).to_contain_text(title)

    nav(admin, "导师推荐")
    go(admin, "推荐导师")
    field(admin, "基地").select_option(label=BASE)
    field(admin, "姓名").fill(CANDIDATE)
    field(admin, "职称").fill("高级工程师")
    field(admin, "职称等级").select_option(label="副高级")
    field(admin, "最高学位").select_option(label="硕士")
    field(admin, "从业年限").fill("12")
    field(admin, "研究方向").fill("矿山机器人")
    field(admin, "推荐理由").fill("主持井下巡检机器人研发项目。")
    field(admin, "个人简历").set_input_files({"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"})
    submit(admin, done="推荐已提交至研究生院")
    j.shot(admin, "admin-recommendation")


def office_appoints_and_selects(j: Journey, office: Page, admin: Page) -> None:
    nav(office, "导师推荐")
    go(office, CANDIDATE)
    go(office, "聘任")
    field(office, "聘期开始").fill(iso(j.when.appointment_starts))
    field(office, "聘期结束").fill(iso(j.when.appointment_ends))
    field(office, "聘书编号").fill(f"矿大研聘〔{j.when.appointment_starts.year}〕101号")
    submit(office, "聘任", done="导师已聘任")
    expect(office.locator("h1")).to_contain_text(CANDIDATE)

    # No portal page gives an appointed mentor their login: the administration pages do.
    nav(office, "系统管理")
    with office.expect_navigation():
        office.locator("a[href$='/admin/mentors/mentor/']").first.click()
    go(office, CANDIDATE, within="#result_list")
    with office.expect_popup() as popup_info:
        office.locator("#lookup_id_user").click()
    popup = popup_info.value
    with popup.expect_event("close"):  # choosing the user fills the field and closes the window
        popup.locator("#result_list").get_by_role("link", name="j-mentor", exact=True).click()
    expect(office.locator("#id_user")).to_have_value(str(User.objects.get(username="j-mentor").pk))
    submit(office)
    j.shot(office, "office-mentor-login")
    go(office, "查看站点", within="#user-tools")

    nav(office, "岗位需求")
    go(office, DEMAND)
    go(office, "遴选学生")
    field(office, "学生").select_option(label=f"{STUDENT_NAME} ({STUDENT_NO})")
    submit(office, done="学生已遴选，等待基地接收")
    j.shot(office, "office-selection")

    nav(admin, "岗位需求")
    go(admin, DEMAND)
    go(admin, "接收")
    field(admin, "校外合作导师").select_option(label=CANDIDATE)
    submit(admin, done="学生已被接收")
    expect(admin.locator("h1")).to_contain_text(STUDENT_NAME)


def practice_starts(j: Journey, office: Page, admin: Page) -> None:
    when = j.when
    open_student(office)
    go(office, "登记课程学习")
    field(office, "应修学分").fill("32")
    field(office, "已修学分").fill("32")
    field(office, "课程学习完成日期").fill(iso(when.practice_start - 14 * DAY))
    submit(office, done="课程学习情况已登记")

    open_student(admin)
    go(admin, "制定实践计划")
    field(admin, "实践项目").fill(PROJECT)
    field(admin, "计划实践开始日期").fill(iso(when.practice_start))
    field(admin, "计划实践结束日期").fill(iso(when.planned_end))
    submit(admin, done="实践计划已制定")
    go(admin, "登记实践安全协议")
    field(admin, "基地签署日期").fill(iso(when.practice_start - 10 * DAY))
    field(admin, "学生签署日期").fill(iso(when.practice_start - 10 * DAY))
    field(admin, "校内导师签署日期").fill(iso(when.practice_start - 7 * DAY))
    field(admin, "已签署的实践安全协议扫描件").set_input_files(
        {"name": "safety.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    submit(admin, done="实践安全协议已登记")
    go(admin, "登记意外伤害保险")
    field(admin, "保险公司").fill("中国人寿财产保险")
    field(admin, "保单号").fill(f"PICC-{STUDENT_NO}")
    field(admin, "投保方").select_option(label="乙方（企业）")
    field(admin, "保障起始日期").fill(iso(when.practice_start))
    field(admin, "保障截止日期").fill(iso(when.planned_end))
    submit(admin, done="保险已登记")
    go(admin, "开始实践")
    field(admin, "实践开始日期").fill(iso(when.practice_start))
    submit(admin, done="专业实践已开始")
    expect(stage(admin)).to_have_text("专业实践（乙方）")
    expect(admin.locator("main")).to_contain_text(f"{iso(when.practice_start)} – {iso(when.planned_end)}")
    j.shot(admin, "admin-practice-started")

    nav(admin, "月度考核")
    go(admin, "补贴标准")
    go(admin, "设定生活补贴标准")
    field(admin, "基地").select_option(label=BASE)
    field(admin, "学位层次").select_option(label="硕士")
    field(admin, "执行起始日期").fill(iso(when.practice_start))
    field(admin, "每月补贴金额（元）").fill("1500.00")
    field(admin, "考核优秀月份加发金额（元）").fill("300.00")
    field(admin, "考核不合格月份发放金额（元）").fill("800.00")
    submit(admin, done="补贴标准已保存")


def mentor_assesses_on_a_phone(j: Journey, mentor: Page) -> None:
    first, second = j.when.months
    nav(mentor, "本月考核")
    expect(mentor.locator("h1")).to_contain_text(f"{second:%Y-%m}")  # it opens on last month
    go(mentor, "上个月")
    for month, attendance, score in ((first, "20", "92"), (second, "21", "85")):
        expect(mentor.locator("h1")).to_contain_text(f"{month:%Y-%m}")
        row = mentor.locator("fieldset.month-row", has_text=STUDENT_NAME)
        row.get_by_label("出勤天数").fill(attendance)
        row.get_by_label("分数（0–100）").fill(score)
        row.get_by_label("工作小结").fill(f"{month:%Y年%m月}完成巡检机器人定位模块的现场测试。")
        row.get_by_label("导师评语").fill("按计划完成任务。")
        overflow = mentor.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the month page is {overflow}px too wide for a phone"
        submit(mentor, "提交至基地", done="本月考核已提交至基地")
        expect(row.locator(".badge")).to_have_text("导师已提交")
        j.shot(mentor, f"mentor-month-{month:%Y-%m}")
        if month == first:
            go(mentor, "下个月")


def base_confirms_and_exports(j: Journey, admin: Page) -> None:
    nav(admin, "月度考核")
    boxes = admin.get_by_role("checkbox", name=f"确认 {STUDENT_NAME}")
    expect(boxes).to_have_count(2)
    for box in boxes.all():
        box.check()
    submit(admin, "确认勾选的考核", done="已确认 2 条考核")
    j.shot(admin, "admin-confirmed")

    # Policy: 1500 a month, 300 more for an excellent month (score 92), none for a good one (85).
    first, second = j.when.months
    amounts = {first: Decimal("1800.00"), second: Decimal("1500.00")}
    nav(admin, "补贴发放台账")
    for month in (second, first):  # the ledger opens on last month
        if f"{month:%Y-%m}" not in admin.locator("h1").inner_text():
            admin.get_by_label("月份").fill(f"{month:%Y-%m}")
            with admin.expect_navigation():
                admin.get_by_role("button", name="筛选").click()
        expect(admin.locator("h1")).to_contain_text(f"{month:%Y-%m}")
        expect(admin.locator("tbody")).to_contain_text(STUDENT_NAME)
        j.shot(admin, f"admin-ledger-{month:%Y-%m}")
        sheet = load_workbook(io.BytesIO(export_ledger(admin)), read_only=True).active
        header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert header[: len(LEDGER_HEADER)] == LEDGER_HEADER, header
        mine = [row for row in body if row[1] == STUDENT_NO]
        assert len(mine) == 1, body
        base, _no, name, row_month, days, amount = mine[0][: len(LEDGER_HEADER)]
        assert (base, name, row_month) == (BASE, STUDENT_NAME, f"{month:%Y-%m}")
        assert days == rules.month_bounds(month)[1].day  # a whole month of practice
        assert Decimal(str(amount)) == amounts[month]


def base_gives_notice(j: Journey, admin: Page, office: Page) -> None:
    open_student(admin)
    go(admin, "提交提前或推后终止实践的通知")
    field(admin, "类型").select_option(label="提前终止实践")
    field(admin, "通知日期").fill(iso(j.when.notice_date))
    field(admin, "实践结束日期").fill(iso(j.when.new_end))
    field(admin, "理由").fill("巡检机器人项目提前结题，经基地研究决定提前结束实践。")
    submit(admin, done="通知已提交")
    j.shot(admin, "admin-notice")

    office.reload()
    expect(office.locator(".site-header .unread-count")).to_have_text("1")
    with office.expect_navigation():  # the link's name carries the unread count
        office.locator(".site-header").get_by_role("link", name=re.compile("^通知")).click()
    notice = office.locator(".inbox li", has_text=STUDENT_NAME)
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("提前终止实践")
    expect(notice).to_contain_text(f"{iso(j.when.notice_date)} 提交通知")
    expect(notice).to_contain_text(f"专业实践于 {iso(j.when.new_end)} 结束")
    j.shot(office, "office-inbox")
    with office.expect_navigation():
        notice.get_by_role("button").click()  # marks it read and opens the student's page
    expect(office.locator("h1")).to_contain_text(STUDENT_NAME)
    go(office, "确认收到")
    submit(office, "确认收到", done="已确认收到该通知")
    expect(office.locator(".placement")).to_contain_text(f"确认收到于 {iso(j.when.today)}")


def base_issues_the_appraisal(j: Journey, admin: Page, student: Page) -> None:
    open_student(admin)
    expect(stage(admin)).to_have_text("学位论文撰写与答辩（甲方）")
    go(admin, "出具专业实践鉴定")
    field(admin, "等级").select_option(label="优秀")
    field(admin, "评语").fill(APPRAISAL)
    field(admin, "出具日期").fill(iso(j.when.today))
    submit(admin, done="专业实践鉴定已出具")
    j.shot(admin, "admin-appraisal")

    nav(student, "我的培养记录")
    text = pdf_text(download(student, "下载 PDF"), j.artifacts / "journey-appraisal.pdf")
    j.shot(student, "student-record")
    practice = f"{chinese(j.when.practice_start)}至{chinese(j.when.new_end)}"
    for needed in ("研究生专业实践鉴定表", STUDENT_NAME, STUDENT_NO, BASE, ENTERPRISE, PROJECT, CANDIDATE, "张伟"):
        assert needed in text, f"{needed!r} not in the appraisal PDF"
    for needed in ("优秀", APPRAISAL, practice, f"负责人签字：{BASE_ADMIN}", chinese(j.when.today)):
        assert needed in text, f"{needed!r} not in the appraisal PDF"


def test_a_base_from_agreement_to_appraisal(browser: Any, live_server: Any, artifacts: Path, eager_tasks: None) -> None:
    j = Journey(browser, live_server, artifacts, Timeline(timezone.localdate()))
    make_party_a()
    try:
        office = j.log_in("j-office")
        office_sets_up_the_base(j, office)  # 1

        admin = j.log_in("j-baseadmin")
        base_posts_demands_and_recommends(j, admin)  # 2
        office_appoints_and_selects(j, office, admin)  # 3
        practice_starts(j, office, admin)  # 4

        mentor = j.log_in("j-mentor", PHONE)
        mentor_assesses_on_a_phone(j, mentor)  # 5
        base_confirms_and_exports(j, admin)  # 6
        base_gives_notice(j, admin, office)  # 7

        daily_scan.delay()  # Celery beat's daily scan: the notice takes effect and the practice ends
        student = j.log_in("j-student", PHONE)
        base_issues_the_appraisal(j, admin, student)  # 8
    except Exception:
        for n, page in enumerate(j.pages):  # where each person was when the journey stopped
            page.screenshot(path=str(artifacts / f"journey-failed-{n}.png"), full_page=True)
        raise
    finally:
        for page in j.pages:
            page.close()
