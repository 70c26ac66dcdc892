"""The visible signature fits its box at a readable size: a long title wraps onto its own lines
instead of shrinking the whole stamp, and pyHanko has nothing to squeeze (no "too wide" warning)."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader

from documents.credentials import cert_pem, create_demo_ca, issue_demo_certificate, to_pkcs12
from documents.minutes_pdf import BLOCK_WIDTH, MM, SIGNATURE_HEIGHT, render_minutes_pdf
from documents.signature_stamp import PADDING, layout_stamp, text_width
from documents.signing import Appearance, Pkcs12Provider, sign_pdf, stamp_font, verify_pdf
from tests.documents.test_minutes_pdf import _doc

LONG_TITLE = "Thư ký – Chuyên viên Văn phòng HĐND và UBND huyện"
SHORT_TITLE = "Chủ tọa – Chủ tịch UBND huyện"
BOX = ((BLOCK_WIDTH - 4) * MM, SIGNATURE_HEIGHT * MM)  # the minutes' signature field


def _stamp_font_sizes(pdf: bytes) -> list[set[int]]:
    """The font sizes each signature widget's appearance sets (``/Fx n Tf``), in page order."""
    out = []
    for annot in PdfReader(io.BytesIO(pdf)).pages[0].get("/Annots") or []:
        widget = annot.get_object()
        if widget.get("/FT") == "/Sig" and "/AP" in widget:
            sizes, stack = set(), [widget["/AP"]["/N"].get_object()]
            while stack:
                stream = stack.pop()
                sizes |= {int(n) for n in re.findall(rb"/F\w+ (\d+) Tf", stream.get_data())}
                for xobject in (stream.get("/Resources") or {}).get("/XObject", {}).values():
                    stack.append(xobject.get_object())
            out.append(sizes)
    return out


def test_long_and_short_titles_get_the_same_readable_size_and_stay_inside_the_box():
    font = stamp_font()
    long = layout_stamp(font, "Lê Hoàng Nam", LONG_TITLE, "11:34 26/11/2026", BOX)
    short = layout_stamp(font, "Nguyễn Hữu Phước", SHORT_TITLE, "11:34 26/11/2026", BOX)
    assert long.size == short.size == 10
    assert "Chức vụ:" in long.lines and " ".join(long.lines).count("HĐND và UBND huyện") == 1
    for layout in (long, short):
        assert all(text_width(font, line, layout.size) <= BOX[0] - 2 * PADDING[0] for line in layout.lines)
        assert len(layout.lines) * layout.leading <= BOX[1] - 2 * PADDING[1]
    # a small box (the agency seal's) takes a smaller size rather than overflowing
    seal = layout_stamp(font, "UBND huyện Cao Lãnh", "Dấu cơ quan – văn thư Lê Hoàng Nam", "11:34", (BOX[0], 20 * MM))
    assert seal.size < 10 and len(seal.lines) * seal.leading <= 20 * MM - 2 * PADDING[1]


def test_signing_with_a_long_title_logs_no_too_wide_warning_and_validates(caplog):
    ca_key, ca = create_demo_ca()
    signers = []
    for name in ("Lê Hoàng Nam", "Nguyễn Hữu Phước"):
        key, cert = issue_demo_certificate(ca_key, ca, name)
        signers.append(Pkcs12Provider(to_pkcs12(key, cert, [ca], "pw")).open("pw"))
    with caplog.at_level(logging.WARNING):
        pdf = sign_pdf(
            render_minutes_pdf(_doc(1, 1)),
            signers[0],
            "ThuKy",
            Appearance("Lê Hoàng Nam", LONG_TITLE, "11:34 26/11/2026"),
        )
        pdf = sign_pdf(pdf, signers[1], "ChuToa", Appearance("Nguyễn Hữu Phước", SHORT_TITLE, "11:34 26/11/2026"))
    too_wide = [r.getMessage() for r in caplog.records if "too wide" in r.getMessage()]
    assert too_wide == []
    assert _stamp_font_sizes(pdf) == [{10}, {10}]  # the same size for both, not shrunk
    report = verify_pdf(pdf, [cert_pem(ca)])
    assert report.ok and report.trusted and len(report.signatures) == 2
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Lê Hoàng Nam" in text


def test_the_stamp_font_is_cut_down_only_for_text_it_covers():
    """Vietnamese text is set in the cut-down NotoSans (faster to subset at each signature); a name in
    another script gets the whole font, so no character is ever missing from the stamp."""
    from fontTools.ttLib import TTFont

    from documents.signing import STAMP_FONT_CANDIDATES

    small = stamp_font("Nguyễn Hữu Phước – Chủ tịch UBND huyện 11:34 26/11/2026 Ặ ỹ ₫")
    assert small not in STAMP_FONT_CANDIDATES
    cmap = TTFont(small, lazy=True).getBestCmap()
    assert all(ord(ch) in cmap for ch in "Nguyễn Hữu Phước Đặng Thị Ỷ ằ ẵ ổ ữ ự ₫ – …")
    assert "GPOS" in TTFont(small, lazy=True)  # kerning kept: the same stamp as with the whole font
    assert stamp_font("Иван Петров") in STAMP_FONT_CANDIDATES
