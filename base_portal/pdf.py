"""PDF rendering with WeasyPrint: Chinese text in an embedded CJK font, and no outside fetches.

Templates are rendered by Django (so user text is escaped) and may load only our own static
files through ``static:<path>`` URLs: the fetcher refuses everything else, so a crafted link
in user text cannot make the server fetch a remote URL or a local file.
"""

import mimetypes
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "static:"
# Named in the PDF stylesheet; installed by scripts/sysdeps.sh (Debian package fonts-wqy-microhei).
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"


class ForbiddenFetchError(ValueError):
    """A PDF asked for a resource outside our static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serve ``static:<path>`` from our static files and refuse any other URL."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith(STATIC_SCHEME):
            raise ForbiddenFetchError(url)
        name = url.removeprefix(STATIC_SCHEME).lstrip("/")
        try:
            found = finders.find(name)
        except SuspiciousFileOperation as exc:
            raise ForbiddenFetchError(url) from exc
        if not found:
            raise ForbiddenFetchError(url)
        path = Path(found)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def render_pdf_from_html(html: str) -> bytes:
    """Turn already-rendered, escaped HTML into PDF bytes."""
    pdf: bytes = HTML(string=html, url_fetcher=StaticOnlyURLFetcher(), base_url=STATIC_SCHEME).write_pdf()
    return pdf


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF bytes."""
    return render_pdf_from_html(render_to_string(template_name, {"cjk_font": CJK_FONT_FAMILY, **context}))
