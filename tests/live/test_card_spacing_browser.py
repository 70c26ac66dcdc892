"""A card's first line (its heading, or the first field of the form it holds) starts at the card's
own padding: the heading's top margin used to add to the padding, a 48 px blank band above
"Gửi phiếu biểu quyết trước" on the meeting page and above "Ý kiến của bạn" on a ballot, and the
first label's margin above "Tiêu đề" on the new-ballot form."""

import pytest

from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

# for every visible card: the gap between its padding edge and the top of its first visible content
GAPS = """() => [...document.querySelectorAll('main .card')].filter(c => c.offsetParent !== null).map(card => {
  const style = getComputedStyle(card);
  const inner = card.getBoundingClientRect().top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
  const walk = (el) => {
    for (const child of el.children) {
      if (child.offsetParent === null || child.getBoundingClientRect().height === 0) continue;
      return child.tagName === 'FORM' ? walk(child) || child : child;
    }
    return null;
  };
  const first = walk(card);
  return {card: card.className, first: first && first.tagName,
          gap: first ? first.getBoundingClientRect().top - inner : 0};
})"""


def _gaps(page):
    return [g for g in page.evaluate(GAPS) if g["first"]]


@pytest.mark.parametrize("width", [768, 1280])
def test_cards_start_at_their_padding(browser, live, width):
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": width, "height": 1024})
    try:
        page = context.new_page()
        sign_in(page, "phochutich1")
        page.goto("/meetings/mine")
        page.locator("a.meeting-title, .meeting a").first.click()
        page.wait_for_load_state()
        advance = page.locator("section.advance-ballots")
        assert advance.count() == 1  # the demo's upcoming meeting has items for decision
        page.goto("/opinion-ballots")
        page.locator("main a[href*='/opinion-ballots/']").first.click()
        page.wait_for_load_state()
        ballot = _gaps(page)
        page.goto("/meetings/mine")
        page.locator("a.meeting-title, .meeting a").first.click()
        page.wait_for_load_state()
        meeting = _gaps(page)
        assert ballot and meeting
        for gap in ballot + meeting:
            assert gap["gap"] <= 2, gap
        # a card that is itself a form, opening with two hidden inputs (CSRF, the body's id)
        page.context.clear_cookies()
        sign_in(page, "thuky")
        page.goto("/opinion-ballots/new")
        form = [g for g in _gaps(page) if "ballot-form" in g["card"]]
        assert form and form[0]["first"] == "LABEL" and form[0]["gap"] <= 2, form
    finally:
        context.close()
