"""The "Thêm người dự họp" row on the secretary's preparation page: when it wraps on a tablet, the
"Vai trò" label stays beside its select and the "Thêm" button (it used to dangle alone at the end
of the first line, after the wide list of people, its select starting the next line); on a phone
the members' table scrolls in its box instead of pushing the page 29 px sideways."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

ROWS = """() => {
  const top = (sel) => Math.round(document.querySelector(sel).getBoundingClientRect().top);
  const mid = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return r.top + r.height / 2; };
  return {label: mid('label[for="member-role"]'), select: mid('#member-role'),
          button: mid('#add-member button[type=submit]'), people: top('#member-user'),
          overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.mark.parametrize("width", [768, 390, 1280])
def test_the_role_label_stays_with_its_select(browser, live, width):
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": width, "height": 1024})
    try:
        page = context.new_page()
        sign_in(page, "thuky")
        page.goto("/meetings/prepare")
        # the demo's draft: only its chair and secretary yet, so every official is a candidate and the
        # list of people is as wide as the longest "name – position"
        page.locator("a.meeting-title", has_text="dự toán ngân sách năm 2027").first.click()
        page.wait_for_url("**/manage")
        measured = page.evaluate(ROWS)
        assert abs(measured["label"] - measured["select"]) <= 4, measured
        assert abs(measured["select"] - measured["button"]) <= 4, measured
        assert measured["overflow"] <= 0, measured
    finally:
        context.close()
