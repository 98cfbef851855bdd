"""Screenshots for the user guides (docs/guide.zh.md, docs/guide.en.md), taken from the demo world.

Each role logs in, opens the pages it uses most and saves them as
``guide-<role>-<page>-<zh|en>-<desktop|phone>.png``: in Chinese on a desktop and (where the guide
shows it) a phone, then in English after switching with the header's language button. Every page
must answer 200 in the right language and, on a phone, fit the screen's width.

``make screenshots`` sets GUIDE_SCREENSHOTS=docs/screenshots to refresh the guides' pictures.
Without it the pictures go to test-artifacts/, so CI runs the same checks without touching docs/.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.management.commands.seed_demo import DEMO_PASSWORD
from agreements.models import Agreement, TrainingBase
from assessments.models import AllowancePayment
from students.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
HTML_LANG = {"zh": "zh-hans", "en": "en"}

ZH_D, ZH_P, EN_D, EN_P = ("zh", "desktop"), ("zh", "phone"), ("en", "desktop"), ("en", "phone")
USUAL = (ZH_D, ZH_P, EN_D)  # the guides show Chinese on both screens, English on a desktop
DESKTOPS = (ZH_D, EN_D)


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # may hold {base}, {agreement}, {student} and {month}, filled in from the demo data
    shots: tuple[tuple[str, str], ...] = USUAL
    height: int = 800  # desktop pictures are cut at this height (a phone shows its screen only)


# The pages each role uses most, in the order the guides present them.
ROLES: dict[str, list[Page]] = {
    "anonymous": [Page("login", "/accounts/login/")],
    "office": [
        Page("home", "/", DESKTOPS),
        Page("dashboard", "/oversight/", USUAL, height=1500),
        Page("bases", "/bases/", DESKTOPS),
        Page("base", "/bases/{base}/", DESKTOPS, height=1400),
        Page("agreement", "/bases/agreements/{agreement}/", DESKTOPS, height=1000),
        Page("students", "/students/", DESKTOPS, height=1000),
        Page("evaluations", "/bases/evaluations/", DESKTOPS),
    ],
    "college": [
        Page("home", "/", DESKTOPS),
        Page("students", "/students/"),
    ],
    "supervisor": [  # the home page is the college's, for the supervisor's own students
        Page("students", "/students/", DESKTOPS),
        Page("student", "/students/{student}/", USUAL, height=1100),
    ],
    "baseadmin": [
        Page("home", "/", USUAL, height=1100),
        Page("demands", "/students/demands/", DESKTOPS),
        Page("ledger", "/assessments/ledger/?month={month}"),
        Page("recommendations", "/mentors/recommendations/", DESKTOPS),
    ],
    "mentor": [
        Page("home", "/", USUAL, height=1050),
        Page("month", "/assessments/month/", (ZH_D, ZH_P, EN_D, EN_P), height=1000),
    ],
    "student": [
        Page("home", "/", (ZH_D, ZH_P, EN_D, EN_P), height=950),
        Page("record", "/students/me/", USUAL, height=1100),
    ],
}


@pytest.fixture
def demo(transactional_db: None) -> dict[str, object]:
    """The demo world, and the ids the guide pages point at."""
    call_command("seed_demo", verbosity=0, stdout=Path("/dev/null").open("w"))  # noqa: SIM115
    base = TrainingBase.objects.get(name="华智矿山装备研究生联合培养基地")
    paid = AllowancePayment.objects.filter(base=base).latest("month")
    return {
        "base": base.pk,
        "agreement": Agreement.objects.in_force_on(timezone.localdate()).get(base=base).pk,
        "student": Student.objects.get(student_no="TS24010003").pk,  # in the thesis stage
        "month": paid.month.strftime("%Y-%m"),
    }


@pytest.fixture
def out_dir(artifacts: Path) -> Path:
    target = os.environ.get("GUIDE_SCREENSHOTS")
    if not target:
        return artifacts
    folder = Path(target) if Path(target).is_absolute() else ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")


def shrink(path: Path) -> None:
    """Re-encode with zlib's best effort: same pixels, smaller file."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with WeasyPrint
        return
    with Image.open(path) as image:
        image.load()
    image.save(path, optimize=True)


def shoot(page: Any, path: Path, screen: str, height: int) -> None:
    if screen == "phone":
        page.screenshot(path=str(path))  # what the phone's screen shows
        return
    full = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": min(full, height)}
    page.screenshot(path=str(path), full_page=True, clip=clip)


def visit(page: Any, url: str, lang: str, label: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{label}: HTTP {response.status}"
    assert page.locator("html").get_attribute("lang") == HTML_LANG[lang], label
    assert page.locator("main").inner_text().strip(), f"{label}: empty page"


def take(page: Any, live_server: Any, role: str, ids: dict[str, object], out_dir: Path) -> list[Path]:
    """Visit the role's pages in Chinese, then in English, and save the pictures the guides use."""
    if role != "anonymous":  # the login page is taken before logging in
        log_in(page, live_server, role)
    saved: list[Path] = []
    for lang in ("zh", "en"):
        if lang == "en":  # the header's language button, as a user would switch
            with page.expect_navigation():
                page.click("button[name=language][value=en]")
            assert page.locator("html").get_attribute("lang") == "en"
        for item in ROLES[role]:
            screens = [screen for shot_lang, screen in item.shots if shot_lang == lang]
            if not screens:
                continue
            label = f"{role} {item.name} ({lang})"
            visit(page, live_server.url + item.path.format(**ids), lang, label)
            for screen in screens:
                page.set_viewport_size(PHONE if screen == "phone" else DESKTOP)
                if screen == "phone":
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 0, f"{label} on a phone: {overflow}px too wide"
                path = out_dir / f"guide-{role}-{item.name}-{lang}-{screen}.png"
                shoot(page, path, screen, item.height)
                saved.append(path)
            page.set_viewport_size(DESKTOP)
    return saved


def test_guide_screenshots(browser: Any, live_server: Any, demo: dict[str, object], out_dir: Path) -> None:
    # One test, so the demo world is built once; every role still runs, and the failures name the role.
    failures: list[str] = []
    saved: list[Path] = []
    for role in ROLES:
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
        try:
            saved += take(context.new_page(), live_server, role, demo, out_dir)
        except Exception as error:  # report it with the role, then go on to the next role
            failures.append(f"{role}: {type(error).__name__}: {error}")
        finally:
            context.close()
    for path in saved:
        shrink(path)
    assert not failures, "\n".join(failures)
    assert len(saved) == sum(len(item.shots) for pages in ROLES.values() for item in pages)
