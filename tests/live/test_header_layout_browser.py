"""The top bar on a tablet in portrait, a laptop and a phone: the menu's entries are never broken
over two lines, and the bar stays a few lines high (it used to stack each entry into a tall column,
300 px of a 1,024 px portrait screen)."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

MEASURE = """() => {
  const bar = document.querySelector('header.topbar');
  const lineHeight = parseFloat(getComputedStyle(bar.querySelector('nav a')).lineHeight) || 24;
  const entries = [...bar.querySelectorAll('nav a, .account a, .account button')];
  return {
    height: bar.getBoundingClientRect().height,
    broken: entries.filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > lineHeight * 1.5)
                   .map(e => e.textContent.trim()),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


@pytest.mark.parametrize(
    ("login", "width", "height", "max_bar"),
    [("thuky", 768, 1024, 120), ("admin", 768, 1024, 120), ("thuky", 1280, 800, 120), ("thuky", 390, 844, 240)],
)
def test_the_menu_entries_stay_on_one_line(browser, live, login, width, height, max_bar):
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        sign_in(page, login)
        page.goto("/meetings/mine")
        measured = page.evaluate(MEASURE)
        assert measured["broken"] == [], measured
        assert measured["height"] <= max_bar, measured
        assert measured["overflow"] <= 0, measured
    finally:
        context.close()
