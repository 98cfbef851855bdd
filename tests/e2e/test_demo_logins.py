"""Every demo login reaches a Chinese home page in a real browser, on a desktop and on a phone."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accounts.management.commands.seed_demo import DEMO_LOGINS, DEMO_PASSWORD
from agreements.models import TrainingBase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", verbosity=0, stdout=Path("/dev/null").open("w"))  # noqa: SIM115


def log_in(browser: Any, live_server: Any, username: str, viewport: dict[str, int]) -> Any:
    page = browser.new_page(viewport=viewport, locale="zh-CN")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url  # anonymous visitors are sent to log in
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.parametrize("username", list(DEMO_LOGINS))
def test_demo_login_home_page(browser: Any, live_server: Any, demo: None, artifacts: Path, username: str) -> None:
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = log_in(browser, live_server, username, viewport)
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        assert "研究生联合培养基地管理平台" in page.title()
        header = page.locator(".site-header").inner_text()
        assert DEMO_LOGINS[username].label  # the role's label is shown beside the name
        assert "退出登录" in header
        # Nothing wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{username} on {name}: {overflow}px too wide"
        page.screenshot(path=str(artifacts / f"home-{username}-{name}.png"), full_page=True)
        page.close()


def test_navigation_follows_the_role(browser: Any, live_server: Any, demo: None) -> None:
    office = log_in(browser, live_server, "office", DESKTOP)
    assert office.locator(".main-nav").inner_text().split() == [
        "首页",
        "总览",
        "基地",
        "学生",
        "岗位需求",
        "月度考核",
        "导师",
        "导师推荐",
        "导师报酬",
        "考核评估",
        "协议模板",
        "后台任务",
        "接口令牌",
        "系统管理",
    ]
    office.close()
    admin = log_in(browser, live_server, "baseadmin", DESKTOP)
    assert "系统管理" not in admin.locator(".main-nav").inner_text()
    admin.close()


def test_another_enterprises_base_is_a_chinese_404(browser: Any, live_server: Any, demo: None) -> None:
    other = TrainingBase.objects.get(name="清源能源研究生联合培养基地")
    page = log_in(browser, live_server, "baseadmin", DESKTOP)
    response = page.goto(f"{live_server.url}/bases/{other.pk}/")
    assert response.status == 404
    assert "页面不存在" in page.content() or "找不到" in page.content()
    page.close()


def test_language_switch_to_english_and_back(browser: Any, live_server: Any, demo: None) -> None:
    page = log_in(browser, live_server, "mentor", PHONE)
    with page.expect_navigation():
        page.click("button[name=language][value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.locator(".site-header").inner_text()
    with page.expect_navigation():
        page.click("button[name=language][value=zh-hans]")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.close()


@pytest.mark.parametrize("path", ["/bases/", "/students/", "/mentors/"])
def test_lists_fit_a_phone(browser: Any, live_server: Any, demo: None, artifacts: Path, path: str) -> None:
    page = log_in(browser, live_server, "office", PHONE)
    page.goto(f"{live_server.url}{path}")
    assert page.locator("table tbody tr").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(artifacts / f"list{path.replace('/', '-')}phone.png"), full_page=True)
    page.close()
