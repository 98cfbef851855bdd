"""Accessibility in a real browser: axe-core on each role's main pages, the keyboard path and form labels.

axe-core comes from npm (package.json; `make setup` runs `npm ci`). Without it these tests skip on a
workstation but fail in CI, so a missing install can never pass unnoticed.
"""

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accounts.management.commands.seed_demo import DEMO_LOGINS, DEMO_PASSWORD
from accounts.models import User
from agreements.models import TrainingBase
from notifications.models import Kind
from notifications.services import dispatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_MISSING = f"needs axe-core at {AXE_JS}: run `make setup` (or `npm ci`) first"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# Rules that make a form control's name: every violation of these fails, whatever its impact.
NAME_RULES = ["label", "select-name", "aria-input-field-name", "button-name", "input-button-name", "label-title-only"]

ROLES = ["office", "college", "supervisor", "baseadmin", "mentor", "student"]
NAV_PAGES = 3  # the first pages of each role's main navigation, after the home page
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's script. Missing, the test skips here; in CI it goes on and fails in `axe_run`."""
    if not AXE_JS.exists() and not in_ci():
        pytest.skip(AXE_MISSING)
    return AXE_JS


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", verbosity=0, stdout=Path("/dev/null").open("w"))  # noqa: SIM115


def new_page(browser: Any, viewport: dict[str, int]) -> Any:
    return browser.new_page(viewport=viewport, locale="zh-CN")


def log_in(browser: Any, live_server: Any, username: str, viewport: dict[str, int]) -> Any:
    page = new_page(browser, viewport)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert page.url == f"{live_server.url}/", f"{username} could not log in"
    return page


def switch_language(page: Any, code: str) -> None:
    with page.expect_navigation():
        page.click(f"button[name=language][value={code}]")
    assert page.locator("html").get_attribute("lang") == code


def axe_run(page: Any, axe_js: Path, run_only: dict[str, Any]) -> list[dict[str, Any]]:
    """The violations axe-core finds on the page as it stands."""
    assert axe_js.exists(), AXE_MISSING  # reached only in CI: a failure there, never a skip
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      {' > '.join(map(str, node['target']))}  —  {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page: Any, axe_js: Path, what: str) -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the page."""
    violations = axe_run(page, axe_js, {"type": "tag", "values": WCAG_AA})
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{what} ({page.url}):\n{describe(blocking)}"


def assert_fits(page: Any, what: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what}: {overflow}px wider than the screen"


def nav_paths(page: Any) -> list[str]:
    """The first pages of the main navigation, the home page and the Django admin left out."""
    hrefs = page.eval_on_selector_all(".main-nav a", "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if h != "/" and not h.startswith("/admin/")][:NAV_PAGES]


def test_login_page(browser: Any, live_server: Any, axe_js: Path) -> None:
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(browser, viewport)
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        assert_accessible(page, axe_js, f"login page, zh-hans, {name}")
        assert_fits(page, f"login page, {name}")
        # A failed attempt shows its errors: those must be readable too.
        page.fill("input[name=username]", "nobody")
        page.fill("input[name=password]", "wrong")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert_accessible(page, axe_js, f"login page with an error, zh-hans, {name}")
        switch_language(page, "en")
        assert_accessible(page, axe_js, f"login page, en, {name}")
        page.close()


@pytest.mark.parametrize("username", ROLES)
def test_main_pages_of_each_role(browser: Any, live_server: Any, axe_js: Path, demo: None, username: str) -> None:
    assert username in DEMO_LOGINS
    page = log_in(browser, live_server, username, DESKTOP)
    assert_accessible(page, axe_js, f"{username}: home, zh-hans, desktop")
    paths = nav_paths(page)
    assert paths, f"{username} has no main navigation"
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, axe_js, f"{username}: {path}, zh-hans, desktop")
    page.goto(f"{live_server.url}/")
    switch_language(page, "en")
    assert_accessible(page, axe_js, f"{username}: home, en, desktop")
    page.goto(f"{live_server.url}{paths[0]}")
    assert_accessible(page, axe_js, f"{username}: {paths[0]}, en, desktop")
    page.close()

    phone = log_in(browser, live_server, username, PHONE)
    for path in ["/", *paths]:
        phone.goto(f"{live_server.url}{path}")
        assert_accessible(phone, axe_js, f"{username}: {path}, zh-hans, phone")
        assert_fits(phone, f"{username}: {path}, phone")
    phone.goto(f"{live_server.url}/")
    switch_language(phone, "en")
    assert_accessible(phone, axe_js, f"{username}: home, en, phone")
    assert_fits(phone, f"{username}: home, en, phone")
    phone.close()


def test_unread_count_is_read_out_with_the_link(browser: Any, live_server: Any, axe_js: Path, demo: None) -> None:
    """The badge is only a number: the link's accessible name says what it counts."""
    office = User.objects.get(username="office")
    dispatch(
        kind=Kind.EVALUATION_DUE,
        subject=TrainingBase.objects.first(),
        due="a11y",
        recipients=[office],
        title="考核评估即将到期",
        body="",
    )
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = log_in(browser, live_server, "office", viewport)
        assert page.locator(".site-header .unread-count").inner_text() == "1"
        assert page.locator(".site-header").get_by_role("link", name="通知 1 条未读").count() == 1
        assert_accessible(page, axe_js, f"office: home with an unread notice, {name}")
        assert_fits(page, f"office: home with an unread notice, {name}")
        page.close()


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || '').trim(),
    skipLink: el.classList.contains('skip-link'),
    inNav: !!el.closest('.main-nav'),
    inMain: !!el.closest('main'),
    firstControl: el.dataset.firstControl === 'yes',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < window.innerWidth && box.top < window.innerHeight,
  };
}"""
MARK_FIRST_CONTROL = """() => {
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const first = [...document.querySelectorAll('main input, main select, main textarea')]
    .find(el => el.type !== 'hidden' && !el.disabled && visible(el));
  if (first) first.dataset.firstControl = 'yes';
  return !!first;
}"""


def test_keyboard_skip_link_nav_and_focus_style(browser: Any, live_server: Any, axe_js: Path, demo: None) -> None:
    page = log_in(browser, live_server, "office", DESKTOP)
    page.goto(f"{live_server.url}/students/")
    assert page.evaluate(MARK_FIRST_CONTROL), "the students list has no filter form"

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["skipLink"], f"the first Tab stop is {first}, not the skip link"
    assert first["text"] == "跳到正文"
    assert first["onScreen"], "the focused skip link stays off screen"
    assert first["outline"] or first["shadow"], "the skip link shows no focus style"

    path = [first]
    while not path[-1]["firstControl"] and len(path) < 60:
        page.keyboard.press("Tab")
        path.append(page.evaluate(FOCUSED))
    assert path[-1]["firstControl"], f"Tab never reached the filter form: {[f['text'] for f in path]}"
    assert any(f["inNav"] for f in path), "Tab never reached the main navigation"
    unstyled = [f"{f['tag']} {f['text']!r}" for f in path if not (f["outline"] or f["shadow"])]
    assert not unstyled, f"focused without a visible focus style: {unstyled}"

    # Following the skip link moves on to the page's content: the next Tab lands inside <main>.
    page.goto(f"{live_server.url}/students/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/students/#main")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "after the skip link, Tab does not continue in the content"
    page.close()


UNNAMED_CONTROLS = """() => {
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = el => (el ? el.textContent : '').trim();
  const named = el => (el.getAttribute('aria-label') || '').trim()
    || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map(id => text(document.getElementById(id))).join('')
    || [...el.labels].map(text).join('');
  return [...document.querySelectorAll('main input, main select, main textarea')]
    .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) && visible(el))
    .filter(el => !named(el))
    .map(el => `${el.tagName.toLowerCase()}[name=${el.name}]`);
}"""
FORMS = {
    "office": ["/bases/", "/students/", "/mentors/", "/bases/new/", "/notifications/settings/"],
    "baseadmin": ["/students/demands/new/", "/mentors/recommendations/new/"],
    "mentor": ["/assessments/month/"],
}


def test_form_controls_have_names(browser: Any, live_server: Any, axe_js: Path, demo: None) -> None:
    checked = 0
    for username, paths in FORMS.items():
        page = log_in(browser, live_server, username, DESKTOP)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, f"{username}: {path} answered {response.status}"
            count = page.locator("main input:visible, main select:visible, main textarea:visible").count()
            assert count > 0, f"{username}: {path} has no form to check"
            checked += count
            unnamed = page.evaluate(UNNAMED_CONTROLS)
            assert not unnamed, f"{username}: {path}: controls without a label: {unnamed}"
            violations = axe_run(page, axe_js, {"type": "rule", "values": NAME_RULES})
            assert not violations, f"{username}: {path}:\n{describe(violations)}"
        page.close()
    assert checked >= 20


def test_form_errors_and_messages(browser: Any, live_server: Any, axe_js: Path, demo: None) -> None:
    """A rejected form shows a message and errors beside the rows: both readable, the lists still lists."""
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = log_in(browser, live_server, "mentor", viewport)
        page.goto(f"{live_server.url}/assessments/month/")
        page.locator("main input[name^=score_]:enabled").first.fill("999")
        with page.expect_navigation():
            page.click("button[name=save]")
        assert page.locator(".messages .message").count() > 0
        assert page.locator("main .errorlist li").count() > 0
        assert_accessible(page, axe_js, f"mentor: month page with errors, {name}")
        assert_fits(page, f"mentor: month page with errors, {name}")
        page.close()
