"""The agreement's text: capital numerals, template versions, filling the blanks, and the PDF."""

import datetime as dt
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from agreements.documents import BLANK, agreement_pdf, fill, unknown_placeholders, upper_number
from agreements.models import Agreement, AgreementTemplate, Party
from agreements.services import (
    DEFAULT_TEMPLATE_NAME,
    agreement_create_draft,
    agreement_record_signature,
    template_ensure_default,
    template_publish_version,
)
from agreements.services.templates import DEFAULT_TEMPLATE_FILE
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2031, 12, 31)  # "today" for services that refuse future dates: after every date used here
SIGNED_ON = D(2027, 3, 1)

# In CI the repository is cloned beside a copy of shared/, so the seed is found from the repo's parent.
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c8644745cc9bb5cb.txt"
needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils (scripts/sysdeps.sh)")


def draft(**fields: object) -> Agreement:
    base = factories.BaseFactory(name="徐州测试联合培养基地", enterprise__name="徐工测试机械有限公司")
    return agreement_create_draft(base=base, min_students_per_year=fields.pop("min_students_per_year", 5), **fields)


def sign(agreement: Agreement, on: dt.date = SIGNED_ON) -> Agreement:
    agreement_record_signature(agreement=agreement, party=Party.B, signed_on=on, today=TODAY)
    return agreement_record_signature(agreement=agreement, party=Party.A, signed_on=on, today=TODAY)


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603


def pdf_text_and_fonts(tmp_path: Path, agreement: Agreement) -> tuple[str, list[list[str]]]:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(agreement_pdf(agreement))
    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    return run("pdftotext", str(path), "-"), fonts


def squeezed(text: str) -> str:
    """pdftotext breaks lines wherever the layout wrapped them, so compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def assert_wqy_embedded(fonts: list[list[str]]) -> None:
    wqy = [cols for cols in fonts if "WenQuanYi" in cols[0]]
    assert wqy, fonts
    assert all(cols[-5] == "yes" for cols in wqy)  # the "emb" column: the font travels with the file


# --- capital numerals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "upper"),
    [
        (0, "零"),
        (1, "壹"),
        (2, "贰"),
        (3, "叁"),
        (4, "肆"),
        (5, "伍"),
        (6, "陆"),
        (7, "柒"),
        (8, "捌"),
        (9, "玖"),
        (10, "壹拾"),
        (11, "壹拾壹"),
        (12, "壹拾贰"),
        (20, "贰拾"),
        (40, "肆拾"),
        (99, "玖拾玖"),
    ],
)
def test_upper_number(n: int, upper: str) -> None:
    assert upper_number(n) == upper


@pytest.mark.parametrize("n", [-1, 100, 123])
def test_upper_number_leaves_numbers_out_of_range_in_digits(n: int) -> None:
    assert upper_number(n) == str(n)


# --- template versions ----------------------------------------------------------------------------


def test_unknown_placeholders_are_found() -> None:
    body = "{{ base_name }}{{ min_students }}{{ stamp_duty }}，{{stamp_duty}}，{{ witness }}"
    assert unknown_placeholders(body) == ["stamp_duty", "witness"]
    assert unknown_placeholders("{{ party_a_name }} {{ copies_upper }} {{ ends_on }}") == []


def test_blanks_that_are_not_lowercase_names_are_unknown_too() -> None:
    assert unknown_placeholders("{{ Base_Name }} {{ min-students }} {{ copies2 }}") != []


def test_publishing_refuses_unknown_placeholders_and_saves_nothing() -> None:
    before = AgreementTemplate.objects.count()
    with pytest.raises(ValidationError) as refused:
        template_publish_version(name="带错字的文本", body="规模为每年不少于{{ min_studnets }}人")
    assert "body" in refused.value.message_dict
    assert "min_studnets" in refused.value.message_dict["body"][0]
    assert AgreementTemplate.objects.count() == before


def test_versions_are_numbered_per_name_and_old_versions_stay() -> None:
    a1 = template_publish_version(name="文本甲", body="第一版 {{ base_name }}")
    b1 = template_publish_version(name="文本乙", body="乙第一版")
    a2 = template_publish_version(name="文本甲", body="第二版 {{ base_name }}", change_note="改了措辞")
    a3 = template_publish_version(name="文本甲", body="第三版")
    b2 = template_publish_version(name="文本乙", body="乙第二版")
    assert [t.version for t in (a1, a2, a3)] == [1, 2, 3]
    assert [t.version for t in (b1, b2)] == [1, 2]
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.body, a1.change_note) == ("第一版 {{ base_name }}", "")
    assert (a2.body, a2.change_note) == ("第二版 {{ base_name }}", "改了措辞")
    assert AgreementTemplate.objects.filter(name="文本甲").count() == 3


def test_a_name_with_stray_spaces_continues_the_same_numbering() -> None:
    template_publish_version(name="文本甲", body="第一版")
    assert template_publish_version(name=" 文本甲 ", body="第二版").version == 2


def wait_until_another_session_waits_for_a_lock(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_get_consecutive_versions() -> None:
    name = "两人同时发布的文本"
    template_publish_version(name=name, body="第一版")
    outcome: dict[str, object] = {}

    def second_editor() -> None:
        try:
            outcome["version"] = template_publish_version(name=name, body="另一位编辑的版本").version
        except Exception as exc:  # handed back to the test, which reports it
            outcome["error"] = exc
        finally:
            connections.close_all()

    editor = threading.Thread(target=second_editor)
    with transaction.atomic():
        assert template_publish_version(name=name, body="第二版").version == 2
        editor.start()
        wait_until_another_session_waits_for_a_lock()  # the second editor is inside publishing, not before it
    editor.join(timeout=10)
    assert outcome == {"version": 3}


def test_migration_publishes_version_1_of_the_default_text() -> None:
    versions = AgreementTemplate.objects.filter(name=DEFAULT_TEMPLATE_NAME)
    assert [t.version for t in versions] == [1]
    assert versions.get().body == DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8")
    assert unknown_placeholders(versions.get().body) == []


def test_ensure_default_is_idempotent_and_returns_the_latest() -> None:
    first = template_ensure_default()
    assert first.version == 1
    assert template_ensure_default().pk == first.pk
    assert AgreementTemplate.objects.filter(name=DEFAULT_TEMPLATE_NAME).count() == 1
    second = template_publish_version(name=DEFAULT_TEMPLATE_NAME, body=first.body + "\n补充一句。")
    assert template_ensure_default().pk == second.pk
    assert AgreementTemplate.objects.filter(name=DEFAULT_TEMPLATE_NAME).count() == 2


def test_ensure_default_publishes_version_1_when_there_is_none() -> None:
    AgreementTemplate.objects.filter(name=DEFAULT_TEMPLATE_NAME).delete()
    template = template_ensure_default()
    assert (template.version, template.change_note) == (1, "初始版本")
    assert template.body == DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8")


# --- filling the blanks ---------------------------------------------------------------------------


def test_fill_escapes_the_values() -> None:
    agreement = draft(remuneration_terms="<script>alert(1)</script> & 每月", supplementary_clauses="{{ base_name }}")
    html = fill("具体为：{{ remuneration_terms }}\n补充：{{ supplementary_clauses }}", agreement)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 每月" in html
    assert "{{ base_name }}" in html  # a value is put in once, never filled again
    assert agreement.base.name not in html


def test_fill_escapes_the_template_text_itself() -> None:
    html = fill('<img src="x"> {{ min_students }}', draft(min_students_per_year=3))
    assert "<img" not in html
    assert html == '<p>&lt;img src=&quot;x&quot;&gt; <span class="filled">3</span></p>'


def test_fill_turns_heading_lines_into_h2_and_drops_empty_lines() -> None:
    html = fill("## 第一条 建设目标\n\n   \n1．正文 {{ copies_upper }} 份\n不是##标题", draft(copies=4))
    assert html.split("\n") == [
        "<h2>第一条 建设目标</h2>",
        '<p>1．正文 <span class="filled">肆</span> 份</p>',
        "<p>不是##标题</p>",
    ]


def test_fill_leaves_empty_and_unknown_blanks_as_the_blank_line() -> None:
    agreement = draft(party_a_representative="", remuneration_terms="")
    html = fill(
        "代表：{{ party_a_representative }}；报酬：{{ remuneration_terms }}；自{{ effective_from }}起；{{ no_such }}",
        agreement,
    )
    assert html == f"<p>代表：{BLANK}；报酬：{BLANK}；自{BLANK}起；{BLANK}</p>"


def test_fill_writes_dates_and_the_insurance_party() -> None:
    agreement = sign(draft(insurance_party=Party.A))
    html = fill("{{ effective_from }}至{{ ends_on }}，{{ insurance_party }}方", agreement)
    assert html == (
        '<p><span class="filled">2027年3月1日</span>至<span class="filled">2030年3月1日</span>，'
        '<span class="filled">甲</span>方</p>'
    )


# --- the PDF --------------------------------------------------------------------------------------


@needs_poppler
def test_the_default_text_renders_to_a_pdf_with_every_blank_filled(tmp_path: Path) -> None:
    agreement = sign(
        draft(
            template=template_ensure_default(),
            min_students_per_year=6,
            party_a_representative="王校长",
            party_b_representative="赵总经理",
            remuneration_terms="每人每月课时费500元",
            supplementary_clauses="无",
        )
    )
    text, fonts = pdf_text_and_fonts(tmp_path, agreement)
    assert_wqy_embedded(fonts)
    flat = squeezed(text)
    for expected in [
        "徐州测试联合培养基地",
        "徐工测试机械有限公司",
        agreement.base.university.name,
        "每年不少于6人",
        "甲方",
        "乙方",
        "授权代表：王校长",
        "授权代表：赵总经理",
        "具体为：每人每月课时费500元",
        "自2027年3月1日起至2030年3月1日止",
        "一式肆份",
        "由乙方为进入基地的研究生购买",
    ]:
        assert squeezed(expected) in flat, expected
    assert "{{" not in text


@needs_poppler
def test_the_original_standard_text_imports_as_a_template_and_renders(tmp_path: Path) -> None:
    if not SEED.is_file():
        pytest.skip(f"the seed agreement text is missing: {SEED} (a copy of shared/ beside the repository)")
    text = SEED.read_text(encoding="utf-8")
    substitutions = [
        (r"\[bookmark: [^\]]*\]", "", 6),  # docx artefacts
        (r"不少于每年[ \u3000]+人", "不少于每年{{ min_students }}人", 1),
        (r"(具体的支付额度与方式约定如下：)[ \u3000]+。", r"\1{{ remuneration_terms }}。", 1),
        (r"^3\.[ \u3000]+方负责为", "3．{{ insurance_party }}方负责为", 1),
        (r"(补充条款（如有，由双方协商确定）：)\n_{10,}[ \t]*$", r"\1\n{{ supplementary_clauses }}", 1),
        (r"^乙方：[ \t]*$", "乙方：{{ party_b_name }}", 1),  # the signing block; clauses go on after "乙方"
    ]
    for pattern, replacement, expected in substitutions:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        assert count == expected, pattern
    assert "bookmark" not in text
    assert unknown_placeholders(text) == []

    template = template_publish_version(name="研究生联合培养基地协议（原始文本）", body=text, change_note="导入")
    agreement = sign(
        draft(
            template=template,
            min_students_per_year=7,
            remuneration_terms="每生每月800元，按学期结算",
            insurance_party=Party.A,
            supplementary_clauses="双方另行约定的补充条款文本",
        )
    )
    pdf_text, fonts = pdf_text_and_fonts(tmp_path, agreement)
    assert_wqy_embedded(fonts)
    flat = squeezed(pdf_text)
    for expected in [
        "不少于每年7人",
        "约定如下：每生每月800元，按学期结算。",
        "甲方负责为基地研究生购买意外伤害保险",
        "双方另行约定的补充条款文本",
        "产教融合",
        "研究生联合培养基地管理委员会",
        "专业实践",
    ]:
        assert squeezed(expected) in flat, expected
    assert flat.count("乙方：徐工测试机械有限公司") == 2  # the seed's signing block, then the portal's
    assert "bookmark" not in pdf_text
    assert "___" not in pdf_text
