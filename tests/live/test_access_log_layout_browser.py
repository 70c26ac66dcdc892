"""The archivist's access log on a portrait tablet, a phone and a laptop. On a 768 px tablet its seven
columns used to get ~90 px each (the document title wrapped over seven lines, a row 230 px high);
on a 390 px phone the table pushed the whole page 279 px sideways. Now the meeting goes under the
document on narrow screens, the table never widens the page, and the device reads "Chrome trên Linux"."""

import re

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

MEASURE = """() => {
  const table = document.querySelector('table.audit-log');
  const box = table.parentElement;
  const doc = table.querySelector('tbody tr.audit-row td:nth-child(4)');
  return {
    rows: table.querySelectorAll('tbody tr.audit-row').length,
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    tableOverflow: box.scrollWidth - box.clientWidth,
    documentWidth: doc ? doc.getBoundingClientRect().width : 0,
    meetingColumn: getComputedStyle(table.querySelector('thead th:nth-child(5)')).display,
    devices: [...table.querySelectorAll('tbody tr.audit-row td.device')].map(td => td.textContent.trim()),
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (390, 844), (1280, 800)])
def test_the_access_log_fits_the_screen(browser, live, width, height):
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        sign_in(page, "luutru")
        # an open from this browser, so the log holds one row with a browser's header
        page.goto("/archive?q=cao+lanh")
        href = page.locator("main a[href^='/documents/']").first.get_attribute("href")
        document_id = re.match(r"/documents/(\d+)", href).group(1)
        assert page.request.get(f"/documents/{document_id}/view").ok
        page.goto("/audit")
        measured = page.evaluate(MEASURE)
        assert measured["rows"] > 0, measured  # the demo's uploads at least
        assert measured["pageOverflow"] <= 0, measured
        assert "Chrome trên Linux" in measured["devices"], measured
        assert not any(d.startswith("Mozilla") for d in measured["devices"]), measured
        if width == 768:
            assert measured["meetingColumn"] == "none", measured
            assert measured["tableOverflow"] <= 0 and measured["documentWidth"] >= 200, measured
        if width == 1280:
            assert measured["meetingColumn"] != "none" and measured["tableOverflow"] <= 0, measured
    finally:
        context.close()
