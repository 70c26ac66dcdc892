"""The hostile names and titles of issue 12 (item 1) and what each must become once stored.

The expected text is written out here by hand, not computed with ``app.text``: the matrix checks
the rule, it does not restate it. ``SINGLE`` is what a one-line field (a title, a name) keeps,
``MULTI`` what a field with paragraphs keeps; ``""`` means nothing is left, so a required field
refuses the value and an optional one stores it empty."""

from __future__ import annotations

import re

from markupsafe import escape

LONG = "Họp " + "ư" * 10_000

HOSTILE = {
    "controls": "Họp\x00\x07\x1b[31m thường kỳ\x7f\x9b",
    "controls-only": "\x00\x01\x07\x1b\x7f\x9f",
    "bidi-override": "Báo cáo \u202egnp.exe\u202c",
    "bidi-isolates": "\u2067Họp\u2069 \u202dUBND\u202c \u202ax\u202b",
    "zero-width-only": "\u200b\u200c\u200d\u2060\ufeff\u200e",
    "blank": " \t \u3000\u00a0 ",
    "10000-chars": LONG,
    "html": "<script>alert('x')</script><img src=x onerror=alert(1)>\"Họp\" & 'bàn'",
    "template": "{{7*7}} {% raw %}{{ config }} ${7*7} #{7*7} <%= 7*7 %>",
    "crlf": "Họp\r\nBcc: attacker@evil.example\r\nATTENDEE:mailto:x@evil.example",
    "formula": '=HYPERLINK("http://evil.example","Bấm")',
    "formula-prefixes": "@SUM(A1) +cmd|' /C calc'!A0 -2+3",
    "nfd": "Ho\u0323p ba\u0300n",
}

SINGLE = {
    "controls": "Họp[31m thường kỳ",
    "controls-only": "",
    "bidi-override": "Báo cáo gnp.exe",
    "bidi-isolates": "Họp UBND x",
    "zero-width-only": "",
    "blank": "",
    "10000-chars": LONG,
    "html": HOSTILE["html"],
    "template": HOSTILE["template"],
    "crlf": "Họp Bcc: attacker@evil.example ATTENDEE:mailto:x@evil.example",
    "formula": HOSTILE["formula"],
    "formula-prefixes": HOSTILE["formula-prefixes"],
    "nfd": "Họp bàn",
}
MULTI = {**SINGLE, "crlf": "Họp\nBcc: attacker@evil.example\nATTENDEE:mailto:x@evil.example"}

# nothing of these may be left in what is stored, shown or exported
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def expected(name: str, multiline: bool = False) -> str:
    return (MULTI if multiline else SINGLE)[name]


def shown(text: str) -> str:
    """How a page shows ``text``: HTML-escaped (Jinja's autoescape)."""
    return str(escape(text))


def assert_page_shows(page: str, text: str, where: str) -> None:
    """``text`` is on ``page`` escaped, nothing of a hostile value is live."""
    assert shown(text) in page, f"{where}: {text[:60]!r} not shown escaped"
    assert "<script>alert(" not in page and "<img src=x" not in page, f"{where}: live markup"
    assert not FORBIDDEN.search(page), f"{where}: a control or bidi character reached the page"
