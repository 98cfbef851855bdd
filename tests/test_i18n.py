"""Chinese by default, English on request, and both catalogues complete and current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from .conftest import Cast

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {lang: ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("zh_Hans", "en")}


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_catalogue_is_complete(lang: str) -> None:
    po = polib.pofile(str(CATALOGUES[lang]))
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    untranslated = [e.msgid for e in po if not e.translated()]
    assert untranslated == []


def test_chinese_catalogue_is_chinese() -> None:
    po = polib.pofile(str(CATALOGUES["zh_Hans"]))
    latin_only = [e.msgid for e in po if e.msgstr and not any("\u4e00" <= ch <= "\u9fff" for ch in e.msgstr)]
    assert latin_only == [], "untranslated-looking Chinese entries"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs gettext (scripts/sysdeps.sh)")
def test_catalogues_cover_every_string_in_the_code(tmp_path: Path) -> None:
    """Re-extract the strings in a copy of the project: nothing may be missing from the catalogues."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "private_media", "*.mo", "__pycache__"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    for lang, path in CATALOGUES.items():
        current = {e.msgid for e in polib.pofile(str(path))}
        assert fresh - current == set(), f"{lang}: run `make messages` and translate the new strings"


def test_home_is_chinese_by_default_and_english_on_request(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users["office"])
    html = client.get(reverse("home")).content.decode()
    assert 'lang="zh-hans"' in html
    assert "研究生联合培养基地管理平台" in html
    assert "基地" in html

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html
    assert "Joint Training Base Portal" in html
    assert "研究生联合培养基地管理平台" not in html


def test_login_page_is_chinese_for_anonymous_visitors() -> None:
    html = Client().get(reverse("accounts:login")).content.decode()
    assert "登录" in html
    assert "简体中文" not in html or "English" in html  # the switch offers the other language


def test_an_english_browser_still_gets_chinese_until_the_user_switches(cast: Cast) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(cast.users["mentor"])
    assert 'lang="zh-hans"' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users["mentor"])
    client.cookies["django_language"] = "fr"
    assert 'lang="zh-hans"' in client.get(reverse("home")).content.decode()
