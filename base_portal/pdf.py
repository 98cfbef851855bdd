"""PDF rendering with WeasyPrint: Chinese text in an embedded CJK font, and no outside fetches.

Templates are rendered by Django (so user text is escaped) and may load only our own static
files: the URL fetcher refuses everything else, so a crafted link in user text cannot make the
server fetch a remote or local file.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, default_url_fetcher

STATIC_SCHEME = "static:"
# Named in the PDF stylesheet; installed by scripts/sysdeps.sh (Debian package fonts-wqy-microhei).
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"


class ForbiddenFetch(ValueError):
    """A PDF asked for a resource outside our static files."""


def static_only_url_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Serve ``static:<path>`` from our static files and refuse any other URL."""
    if not url.startswith(STATIC_SCHEME):
        raise ForbiddenFetch(url)
    found = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
    if not found:
        raise ForbiddenFetch(url)
    return default_url_fetcher(Path(found).as_uri(), *args, **kwargs)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF bytes."""
    html = render_to_string(template_name, {"cjk_font": CJK_FONT_FAMILY, **context})
    return HTML(string=html, url_fetcher=static_only_url_fetcher, base_url=str(settings.BASE_DIR)).write_pdf()
