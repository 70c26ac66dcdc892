"""The running line width (documents/fpdf_linebreak.py) changes how fast fpdf2 wraps lines, never where:
the minutes rendered with it and with fpdf2's own measuring are the same bytes — long justified
paragraphs, bold labels (markdown), Vietnamese text, sub-items, the draft mark — and the plain text
the archive indexes says what the PDF says."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime

from documents import fpdf_linebreak
from documents.minutes_content import MinutesItem
from documents.minutes_pdf import layout_minutes
from documents.pdf import inspect_pdf
from tests.documents.test_minutes_pdf import _doc

PARAGRAPH = (
    "Phòng Tài chính – Kế hoạch trình bày báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế – xã hội, "
    "quốc phòng – an ninh; các thành viên thảo luận về tiến độ giải ngân vốn đầu tư công, công tác giải phóng "
    "mặt bằng, tiêu thụ nông sản, phòng, chống thiên tai và sạt lở bờ sông Tiền; đồng chí Chủ tịch kết luận."
)


def _long_doc(draft: bool = False):
    doc = _doc(items=4)
    items = tuple(
        dataclasses.replace(item, conclusion="\n".join([PARAGRAPH] * 3), speeches=f"- Đồng chí A phát biểu {n} phút;")
        for n, item in enumerate(doc.items, 1)
    ) + (MinutesItem("Nội dung phụ", number="4.1", conclusion="Giao Phòng Nội vụ chủ trì, phối hợp."),)
    return dataclasses.replace(doc, narrative="\n".join([PARAGRAPH] * 25), items=items, draft=draft)


def test_the_running_width_renders_the_same_bytes_as_fpdf2():
    created = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    for draft in (False, True):
        doc = _long_doc(draft)
        assert fpdf_linebreak.install(), "an fpdf2 this was not written against: review documents/fpdf_linebreak.py"
        fast, fast_boxes = layout_minutes(doc, created)
        fpdf_linebreak.uninstall()
        try:
            slow, slow_boxes = layout_minutes(doc, created)
        finally:
            fpdf_linebreak.install()
        assert fast == slow and fast_boxes == slow_boxes
        assert inspect_pdf(io.BytesIO(fast)).page_count >= 5  # many wrapped lines were compared


def test_plain_text_says_what_the_pdf_says():
    doc = _long_doc()
    text = doc.plain_text()
    rendered = " ".join(inspect_pdf(io.BytesIO(layout_minutes(doc)[0])).text.split())
    for phrase in (
        "UBND huyện Cao Lãnh",
        "15/BB-UBND",
        "Trần Thị Đào",
        "Phạm Thị Hạnh",
        "Tờ trình số 12",
        "Giao Phòng Nội vụ chủ trì",
        "Đồng chí A phát biểu 2 phút",
        "Thường trực Huyện ủy",
    ):
        assert phrase in text and phrase in rendered, phrase
