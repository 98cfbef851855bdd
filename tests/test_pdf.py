"""PDF rendering: Chinese text in an embedded CJK font, and no fetches outside our static files."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import engines

from base_portal.pdf import CJK_FONT_FAMILY, ForbiddenFetchError, StaticOnlyURLFetcher, render_pdf, render_pdf_from_html

pytestmark = pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils (scripts/sysdeps.sh)")

HOSTILE = '<img src="file:///etc/passwd"><link rel="stylesheet" href="https://example.com/x.css">'


def pdf_of(tmp_path: Path, text: str) -> Path:
    template = engines["django"].from_string(
        '{% extends "pdf/base_pdf.html" %}{% block body %}<h1>{{ text }}</h1>{{ raw|safe }}{% endblock %}'
    )
    path = tmp_path / "out.pdf"
    path.write_bytes(render_pdf_from_html(template.render({"text": text, "raw": HOSTILE, "cjk_font": CJK_FONT_FAMILY})))
    return path


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_chinese_text_is_embedded_in_the_cjk_font(tmp_path: Path) -> None:
    path = pdf_of(tmp_path, "研究生联合培养基地协议书 <script>x</script>")
    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    wqy = [cols for cols in fonts if "WenQuanYi" in cols[0]]
    assert wqy, fonts
    assert all(cols[-5] == "yes" for cols in wqy)  # the "emb" column: the font travels with the file
    text = run("pdftotext", str(path), "-")
    assert "研究生联合培养基地协议书" in text
    assert "<script>x</script>" in text  # escaped: shown as text, never parsed as markup


def test_render_pdf_helper_produces_a_pdf() -> None:
    assert render_pdf("pdf/base_pdf.html", {}).startswith(b"%PDF")


@pytest.mark.parametrize("url", ["https://example.com/x.css", "file:///etc/passwd", "static:../../etc/passwd"])
def test_fetcher_refuses_anything_but_our_static_files(url: str) -> None:
    with pytest.raises(ForbiddenFetchError):
        StaticOnlyURLFetcher().fetch(url)


def test_fetcher_serves_our_static_files() -> None:
    response = StaticOnlyURLFetcher().fetch("static:css/portal.css")
    assert b"font-family" in response.read()
