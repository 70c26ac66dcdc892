import pytest

from tests.support.browser import chromium
from tests.support.databases import fresh_database
from tests.support.live_server import start_live_server


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The product as `make run` serves it, shared by the wire and browser tests."""
    base = tmp_path_factory.mktemp("live")
    with fresh_database(base, "live") as url:
        server = start_live_server(base / "instance", url)
        yield server
        server.stop()


@pytest.fixture(scope="session")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, live):
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, login, password="phonghop2026"):
    page.goto("/login")
    page.fill("#login", login)
    page.fill("#password", password)
    # wait for the login POST's answer: a page.goto right after the click would abort the POST
    # before its session cookie was set, and the next page would be the login form again
    with page.expect_navigation():
        page.click("button[type=submit]")


def open_live_meeting(page, login):
    """Sign ``login`` in, open the demo's upcoming regular meeting from "Cuộc họp của tôi" as a member
    would, then its live page, and wait until the tablet is online."""
    sign_in(page, login)
    page.wait_for_url("**/meetings/mine")
    page.locator(".meeting-title", has_text="Phiên họp thường kỳ tháng").first.click()
    page.wait_for_selector(".agenda-item")
    page.goto(page.url + "/live")
    page.wait_for_selector('#live-status[data-state="online"]')
