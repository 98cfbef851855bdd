"""One language per page: no English left on Chinese pages, no Chinese on English ones.

Every demo role logs in and walks its main pages (home, every link of the main navigation, the
first row of every list, the inbox, the password form, and the create and next-step forms those
pages offer; the office an agreement, an API token and a few more forms), once in Chinese and once
in English; so does an anonymous visitor on the login page. What a user reads on each page (text,
the titles, placeholders and labels a screen shows, button values, option texts, chart labels) is
compared with the page's language:

- zh-hans: no Latin word may remain, except data and a short list of technical tokens that are the
  same in both languages;
- en: no Chinese character or full-width punctuation may remain, except data.

Data is everything stored in the database for the seeded demo (names, enterprises, codes, file
names, stored agreement texts...): the string values of every text column of every model. Columns
with choices are left out: they hold codes, and a code on a page means a missing ``get_X_display``.
An element marked with a ``lang`` other than the page's (the language switch offering the other
language in its own name) is skipped on purpose. Web addresses (``/api/docs/``) count as neither.

Because data is subtracted, an English string with a Chinese example that the demo also stores
would pass; a last test therefore reads the English catalogue for Chinese in the source strings.
"""

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, override_settings

from accounts.management.commands.seed_demo import DEMO_LOGINS, DEMO_PASSWORD
from accounts.models import User
from integration.models import Scope
from integration.services import KEY_PREFIX, token_issue

LANGUAGES = ("zh-hans", "en")

# Latin tokens that read the same on a Chinese page; keep this short, one reason each.
TECHNICAL_TOKENS = frozenset(
    {
        "PDF",  # a file format's name; Chinese UIs write 下载PDF
        "Excel",  # a product name; Chinese UIs write 从Excel导入
        "API",  # the REST interface; "API 令牌" is the usual Chinese term
        "Word",  # a product name, like Excel: PDF、Word 文档或图片
        "MB",  # the unit of file sizes in Chinese UIs too: 不超过 20 MB
        KEY_PREFIX,  # the literal start of every API key ("jtb_…"), shown so a key can be recognised
    }
)

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A web address read out on a page (``/api/docs/``) is the same in every language.
ADDRESS = re.compile(r"(?<![\w/])(?:https?://\S+|/[a-z0-9_\-./?=&%]*)")
# CJK ideographs, CJK symbols and punctuation (、。「」), full-width forms (，：（）￥).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
WHITESPACE = re.compile(r"\s+")
CODE = re.compile(r"[a-z0-9_]+")

# Attributes whose text a user sees or hears: tooltips, placeholders, screen readers, image
# replacements, and the cell labels that the narrow layout shows (td::before { content: attr(data-label) }).
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label")
BUTTON_INPUTS = {"submit", "button", "reset"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Framework bookkeeping, not data a page shows: code names ("view_student"), model names
# ("mentor"), session blobs and the admin's English change log. Counting them as data would
# excuse the very English words this test looks for.
NOT_DATA = {"auth.Permission", "contenttypes.ContentType", "sessions.Session", "admin.LogEntry"}
# The standard agreement is a Chinese legal text, language-bound like any stored data: it is
# imported into the database (agreements.services.templates) and read from this file too.
STANDARD_TEXT = Path(__file__).resolve().parent.parent / "agreements" / "standard_text" / "default_agreement.txt"
# Links that answer with a file, not a page.
DOWNLOAD = re.compile(r"(\.pdf$|\.xlsx$|/export/|/cv/|/scan/|/letter/|/download/|/paper/|/pdf/)")


class VisibleText(HTMLParser):
    """Collects the text a user of the page reads, chunk by chunk."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.chunks: list[str] = []
        self.stack: list[tuple[str, bool, str]] = []  # (tag, hidden, script type)

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        lang = attributes.get("lang")
        hidden = self.hidden or tag == "style" or (lang is not None and tag != "html" and lang != self.page_language)
        if not hidden:
            self.chunks.extend(attributes[name] for name in VISIBLE_ATTRIBUTES if attributes.get(name))
            if tag == "input" and attributes.get("type") in BUTTON_INPUTS and attributes.get("value"):
                self.chunks.append(attributes["value"])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, hidden, attributes.get("type", "") if tag == "script" else ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.hidden or not data.strip():
            return
        if self.stack and self.stack[-1][0] == "script":
            # Code is not text, but the JSON that json_script hands to the charts holds their labels.
            if self.stack[-1][2] == "application/json":
                self.chunks.extend(json_strings(json.loads(data)))
            return
        self.chunks.append(data)


def json_strings(value: Any) -> Iterator[str]:
    """The string leaves of a JSON document, less links (chart bars link to lists)."""
    if isinstance(value, str):
        if not value.startswith(("/", "http")):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)


def visible_text(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return [WHITESPACE.sub(" ", chunk).strip() for chunk in parser.chunks]


def database_strings() -> list[str]:
    """Every text value stored in the database, longest first (so a name goes before its parts).

    Multi-line values are also split into their lines, which pages show as separate paragraphs.
    """
    values = set(text_leaves(STANDARD_TEXT.read_text(encoding="utf-8")))
    for model in apps.get_models():
        if model._meta.label in NOT_DATA:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.FileField | models.JSONField)
            and not field.choices
        ]
        if not fields:
            continue
        json_fields = {field.attname for field in model._meta.concrete_fields if isinstance(field, models.JSONField)}
        for row in model._default_manager.values(*fields):
            for name, value in row.items():
                values.update(text_leaves(value, codes_too=name not in json_fields))
    return sorted(values, key=len, reverse=True)


def text_leaves(value: Any, *, codes_too: bool = True) -> Iterator[str]:
    """The texts in a stored value. In JSON, identifiers (a token's scopes "read", "write_students")
    are codes like those of a choices column, not data, so they are left out there."""
    if isinstance(value, str):
        if not codes_too and CODE.fullmatch(value):
            return
        for text in (value, *value.splitlines(), Path(value).name):
            normalised = WHITESPACE.sub(" ", text).strip()
            if normalised:
                yield normalised
    elif isinstance(value, list | tuple):
        for item in value:
            yield from text_leaves(item, codes_too=codes_too)
    elif isinstance(value, dict):
        for item in value.values():
            yield from text_leaves(item, codes_too=codes_too)


def subtract(chunk: str, values: list[str]) -> str:
    """The chunk without the data values in it; a Latin value only as a whole word."""
    for value in values:
        if value not in chunk:
            continue
        pattern = re.escape(value)
        if value[0].isascii() and value[0].isalnum():
            pattern = r"(?<![A-Za-z0-9])" + pattern
        if value[-1].isascii() and value[-1].isalnum():
            pattern += r"(?![A-Za-z0-9])"
        chunk = re.sub(pattern, " ", chunk)
    return chunk


def leaks(chunks: list[str], language: str, data: dict[str, list[str]]) -> list[str]:
    found = []
    for chunk in chunks:
        if language == "en":
            if CJK.search(chunk):
                found.extend(CJK.findall(subtract(chunk, data["cjk"])))
        elif LATIN_WORD.search(chunk):
            words = LATIN_WORD.findall(ADDRESS.sub(" ", subtract(chunk, data["latin"])))
            found.extend(word for word in words if word not in TECHNICAL_TOKENS)
    return found


# --- The walk ---------------------------------------------------------------------------------

NAV_LINK = re.compile(r'<nav class="main-nav"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'<a [^>]*href="([^"#][^"]*)"')
TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
AGREEMENT_LINK = re.compile(r'href="(/bases/agreements/\d+/)"')
# Create forms, and the forms of a placement's next steps.
FORM_LINK = re.compile(r'<a [^>]*href="(/[^"]*/(?:new|step/[\w-]+)/)"')

# Office pages beyond the walk: create forms and the notification settings.
OFFICE_EXTRA = (
    "/bases/new/",
    "/mentors/remuneration/new/",
    "/api-tokens/new/",
    "/notifications/settings/",
)


def is_page_link(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and href.startswith("/") and not DOWNLOAD.search(parts.path)


def fetch(client: Client, url: str, language: str, seen: dict[str, str]) -> str:
    if url not in seen:
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{url} ({language}) answered {response.status_code}"
        content_type = response.headers.get("Content-Type", "")
        seen[url] = response.content.decode() if content_type.startswith("text/html") else ""
    return seen[url]


def first_row_link(html: str) -> str | None:
    for body in TBODY.findall(html):
        for href in HREF.findall(body):
            if is_page_link(href):
                return href
    return None


def walk(client: Client, role: str, language: str) -> dict[str, str]:
    """The role's main pages, URL to HTML."""
    pages: dict[str, str] = {}
    home = fetch(client, "/", language, pages)
    nav = NAV_LINK.search(home)
    assert nav, f"{role}: no main navigation on the home page"
    lists = [href for href in HREF.findall(nav.group(1)) if is_page_link(href)]
    for url in [*lists, "/notifications/", "/accounts/password/"]:
        html = fetch(client, url, language, pages)
        row = first_row_link(html)
        if row:
            fetch(client, row, language, pages)
    # The forms the role is offered on those pages.
    for url in sorted({href for html in list(pages.values()) for href in FORM_LINK.findall(html)}):
        fetch(client, url, language, pages)
    if role == "office":
        base_detail = next(url for url in pages if re.fullmatch(r"/bases/\d+/", url))
        agreement = AGREEMENT_LINK.search(pages[base_detail])
        assert agreement, "office: no agreement linked from the first base"
        for url in (agreement.group(1), *OFFICE_EXTRA):
            fetch(client, url, language, pages)
    return pages


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The seeded demo world for the whole module, rolled back at its end; and its data values."""
    media = tmp_path_factory.mktemp("purity_media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=StringIO())
        # The demo has no API token; one shows the token list's row and the token page.
        office = User.objects.get(username="office")
        token_issue(name="研究生管理系统", user=office, scopes=list(Scope.values), issued_by=office)
        values = database_strings()
        yield {
            "latin": [value for value in values if LATIN_WORD.search(value)],
            "cjk": [value for value in values if CJK.search(value)],
        }
        transaction.set_rollback(True)


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def report(pages: dict[str, str], language: str, data: dict[str, list[str]]) -> list[str]:
    problems = []
    for url, html in pages.items():
        if not html:
            continue
        assert f'<html lang="{language}"' in html, f"{url} is not rendered in {language}"
        found = leaks(visible_text(html, language), language, data)
        if found:
            problems.append(f"{url} [{language}]: {sorted(set(found))}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_every_page_of_a_role_speaks_one_language(db: None, demo: dict, role: str, language: str) -> None:
    client = client_in(language)
    assert client.login(username=role, password=DEMO_PASSWORD)
    problems = report(walk(client, role, language), language, demo)
    assert not problems, "\n".join(["Text in the wrong language:", *problems])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_page_speaks_one_language(db: None, demo: dict, language: str) -> None:
    pages: dict[str, str] = {}
    fetch(client_in(language), "/accounts/login/", language, pages)
    problems = report(pages, language, demo)
    assert not problems, "\n".join(["Text in the wrong language:", *problems])


def test_the_checker_sees_leaks_and_spares_data() -> None:
    data = {"latin": ["TS24010001"], "cjk": ["徐州华智矿山装备有限公司"]}
    zh = (
        '<html lang="zh-hans"><title>学生</title><p title="Edit">学号 TS24010001 PDF 见 /api/docs/</p>'
        '<button lang="en">English</button><script>var x = "code";</script><style>p{}</style>'
        '<input type="hidden" value="hidden"><input type="submit" value="Save"></html>'
    )
    assert leaks(visible_text(zh, "zh-hans"), "zh-hans", data) == ["Edit", "Save"]
    en = (
        '<html lang="en"><p>Enterprise: 徐州华智矿山装备有限公司</p>'
        '<table><tr><td data-label="名称">x</td></tr></table>'
        '<button lang="zh-hans">简体中文</button><select><option>全部</option></select>'
        '<script type="application/json">{"labels": ["一月"], "urls": ["/x/"]}</script></html>'
    )
    assert leaks(visible_text(en, "en"), "en", data) == ["名称", "全部", "一月"]


# English source strings that carry Chinese on purpose, and why. Pages show data subtracted, so a
# Chinese example inside an English string hides when the demo happens to store the same words;
# the catalogue shows it whatever the data.
CHINESE_IN_ENGLISH_ON_PURPOSE = {
    # The placeholder writes these very characters into the Chinese agreement text.
    "party buying insurance (甲 or 乙)",
    # Model metadata (help text, verbose name) naming the university's Chinese term; shown in the
    # admin and the API documentation, and changing it needs a migration of its own.
    "The university's staff number (工号) of an on-campus supervisor; imports find supervisors by it.",
    "thesis proposal (开题) on",
    # API documentation for the university's developers, naming the Chinese term of their system.
    "The major (专业).",
    "Non-directed or directed (定向).",
}


def test_no_english_source_string_carries_chinese() -> None:
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    chinese = {entry.msgid for entry in catalogue if CJK.search(entry.msgid + (entry.msgid_plural or ""))}
    assert chinese - CHINESE_IN_ENGLISH_ON_PURPOSE == set(), "English strings with Chinese in them"
