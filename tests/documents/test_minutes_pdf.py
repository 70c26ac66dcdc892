"""The minutes PDF layout (Decree 30/2020/NĐ-CP Mẫu 1.9), checked in text and geometry."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from documents.minutes_pdf import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    AttendeeLine,
    MinutesDocument,
    MinutesItem,
    Person,
    attendance_summary,
    closing_line,
    layout_minutes,
    render_minutes_pdf,
)

MM = 72 / 25.4
A4 = (595.28, 841.89)
TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


def _doc(items: int = 3, attendees: int = 6) -> MinutesDocument:
    people = tuple(
        AttendeeLine(Person(f"Nguyễn Văn Đức {n}", "Ủy viên UBND huyện"), "present") for n in range(attendees)
    )
    people += (
        AttendeeLine(Person("Trần Thị Đào", "Phó Chủ tịch"), "absent", "Đi công tác tại Tỉnh"),
        AttendeeLine(Person("Lê Văn Mỹ", "Trưởng phòng"), "substitute", "Ốm", "Phạm Thị Hạnh"),
    )
    return MinutesDocument(
        body="UBND huyện Cao Lãnh",
        number="15/BB-UBND",
        title=TITLE,
        starts_at=datetime(2020, 3, 26, 0, 30, tzinfo=UTC),
        closed_at=datetime(2020, 3, 26, 3, 45, tzinfo=UTC),
        place="Phòng họp số 1, Trụ sở UBND huyện",
        attendees=people,
        chair=Person("Nguyễn Văn Chủ", "Chủ tịch UBND huyện"),
        secretary=Person("Lê Hoàng Nam", "Chuyên viên"),
        narrative="Chủ tịch khai mạc phiên họp.\nThảo luận về đất đai.",
        items=tuple(
            MinutesItem(
                f"Nội dung số {n}: quản lý đất đai",
                "Trưởng phòng Tài nguyên",
                ("Tờ trình số 12",),
                "Thống nhất thông qua.",
            )
            for n in range(1, items + 1)
        ),
        recipients=("Thường trực Huyện ủy", "Lưu: VT"),
    )


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("minutes") / "bien-ban.pdf"
    path.write_bytes(render_minutes_pdf(_doc()))
    return path


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _words(path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax) from pdftotext -bbox (points, origin top-left)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    out, page = [], -1
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', line)
        if m:
            out.append((page, m.group(5), *map(float, m.group(1, 2, 3, 4))))
    return out


def test_text_has_every_part_of_the_form_with_exact_diacritics(pdf_path):
    text = " ".join(_text(pdf_path).split())
    for part in (
        "UBND HUYỆN CAO LÃNH",
        "Số: 15/BB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BIÊN BẢN",
        TITLE,
        "Thời gian bắt đầu: 07 giờ 30 phút, ngày 26 tháng 03 năm 2020",
        "Địa điểm: Phòng họp số 1",
        # 8 members: 6 here, Trần Thị Đào away, Lê Văn Mỹ represented by Phạm Thị Hạnh (not an extra member)
        "Thành phần tham dự: có mặt 6/8 thành viên; vắng 2 thành viên (có lý do), "
        "trong đó 1 thành viên cử người dự thay.",
        "Chủ trì (chủ tọa): Nguyễn Văn Chủ",
        "Thư ký (người ghi biên bản): Lê Hoàng Nam",
        "Nội dung (theo diễn biến cuộc họp)",
        "Trần Thị Đào – Phó Chủ tịch (lý do: Đi công tác tại Tỉnh)",
        "Phạm Thị Hạnh (dự thay Lê Văn Mỹ – Trưởng phòng, lý do: Ốm).",
        "Cuộc họp kết thúc vào 10 giờ 45, ngày 26 tháng 03 năm 2020",
        "THƯ KÝ",
        "CHỦ TỌA",
        "Nơi nhận:",
        "Thường trực Huyện ủy;",
        "Lưu: VT.",
    ):
        assert part in text, part


def test_a4_embedded_serif_font_and_two_empty_signature_fields(pdf_path):
    reader = PdfReader(str(pdf_path))
    for page in reader.pages:
        assert [round(float(v), 1) for v in page.mediabox] == [0, 0, *[round(v, 1) for v in A4]]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "the font must be embedded"
            fonts.add(str(font["/BaseFont"]))
    assert any("LiberationSerif" in f or "NotoSerif" in f for f in fonts)
    fields = {str(f["/T"]): f for f in (a.get_object() for p in reader.pages for a in p.get("/Annots", []))}
    assert set(fields) == {"ThuKy", "ChuToa"}
    assert all("/V" not in f for f in fields.values())


def test_layout_geometry_margins_and_signature_blocks(pdf_path):
    words = _words(pdf_path)
    assert min(w[2] for w in words) >= MARGIN_LEFT * MM - 1
    assert max(w[4] for w in words) <= A4[0] - MARGIN_RIGHT * MM + 1
    # top/bottom margins of 20 mm (the page number of page 2 sits in the top margin, as in Decree 30)
    body = [w for w in words if not (w[0] > 0 and w[1].isdigit() and w[3] < 20 * MM)]
    assert min(w[3] for w in body) >= 20 * MM - 4 and max(w[5] for w in body) <= A4[1] - 20 * MM + 1
    by_word = {}
    for w in words:
        by_word.setdefault(w[1], []).append(w)
    secretary = by_word["KÝ"][0]
    chair = by_word["TỌA"][0]
    assert secretary[0] == chair[0] and abs(secretary[3] - chair[3]) < 1, "blocks side by side"
    assert secretary[4] < A4[0] / 2 < chair[2], "THƯ KÝ left, CHỦ TỌA right"
    motto = by_word["CỘNG"][0]
    body_name = by_word["UBND"][0]
    assert body_name[2] < motto[2] and abs(body_name[3] - motto[3]) < 2, "body name top-left, Quốc hiệu top-right"
    assert by_word["BIÊN"][0][3] > motto[5], "title under the header"
    fields = {
        str(a.get_object()["/T"]): [float(v) for v in a.get_object()["/Rect"]]
        for p in PdfReader(str(pdf_path)).pages
        for a in p.get("/Annots", [])
    }
    # each field sits under its heading (PDF y grows upwards) and inside the same column
    for name, heading in (("ThuKy", secretary), ("ChuToa", chair)):
        x1, y1, x2, y2 = fields[name]
        assert x1 <= heading[2] and heading[4] <= x2
        assert y2 < A4[1] - heading[5]
        assert y2 - y1 > 25 * MM, "room for a visible signature"


def test_long_minutes_flow_onto_more_pages_and_keep_blocks_together():
    data, boxes = layout_minutes(_doc(items=25, attendees=20))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    assert boxes[0].page == boxes[1].page == len(reader.pages) - 1


def test_closing_line_without_a_time_leaves_the_blanks():
    assert closing_line(None, "Asia/Ho_Chi_Minh") == "Cuộc họp kết thúc vào … giờ …, ngày … tháng … năm …./."


def _line(name: str, status: str, reason: str = "", substitute: str = "") -> AttendeeLine:
    return AttendeeLine(Person(name), status, reason, substitute)


@pytest.mark.parametrize(
    "attendees,line",
    [
        ((_line("A", "present"), _line("B", "present")), "có mặt 2/2 thành viên."),
        ((_line("A", "present"), _line("B", "absent", "Ốm")), "có mặt 1/2 thành viên; vắng 1 thành viên (có lý do)."),
        ((_line("A", "present"), _line("B", "absent")), "có mặt 1/2 thành viên; vắng 1 thành viên (không rõ lý do)."),
        (
            (
                _line("A", "present"),
                _line("B", "absent"),
                _line("C", "absent", "Họp tại Tỉnh"),
                _line("D", "substitute", "", "E"),
            ),
            "có mặt 1/4 thành viên; vắng 3 thành viên (2 có lý do, 1 không rõ lý do), "
            "trong đó 1 thành viên cử người dự thay.",
        ),
    ],
)
def test_the_count_line_counts_members_only_and_says_who_is_away_and_represented(attendees, line):
    assert attendance_summary(attendees) == line


def _fonts_of(data: bytes, *labels: str) -> dict[str, str]:
    """The font each label is set in, on page 1 (pypdf's text visitor)."""
    found: dict[str, str] = {}

    def visit(text, _cm, _tm, font, _size):
        for label in labels:
            if text.strip() == label and font is not None:
                found[label] = str(font.get("/BaseFont"))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def _with(items: int = 3, **changes) -> MinutesDocument:
    from dataclasses import replace

    return replace(_doc(items=items, attendees=2), **changes)


def test_each_attendee_list_has_its_italic_heading_and_its_last_line_ends_with_a_full_stop(tmp_path):
    path = tmp_path / "bb.pdf"
    path.write_bytes(
        render_minutes_pdf(
            _with(
                guests=(
                    Person("Lâm Thanh Sơn", "Chủ tịch UBND xã Nhị Mỹ"),
                    Person("Đỗ Văn Tâm", "Giám đốc Trung tâm Y tế"),
                )
            )
        )
    )
    text = " ".join(_text(path).split())
    assert (
        "3. Thành phần tham dự: có mặt 2/4 thành viên; vắng 2 thành viên (có lý do), trong đó 1 thành viên "
        "cử người dự thay. Có mặt: - Nguyễn Văn Đức 0 – Ủy viên UBND huyện; - Nguyễn Văn Đức 1 – Ủy viên "
        "UBND huyện; - Phạm Thị Hạnh (dự thay Lê Văn Mỹ – Trưởng phòng, lý do: Ốm). "
        "Vắng mặt: - Trần Thị Đào – Phó Chủ tịch (lý do: Đi công tác tại Tỉnh). "
        "Khách mời: - Lâm Thanh Sơn – Chủ tịch UBND xã Nhị Mỹ; - Đỗ Văn Tâm – Giám đốc Trung tâm Y tế. "
        "4. Chủ trì (chủ tọa)"
    ) in text
    fonts = _fonts_of(path.read_bytes(), "Có mặt:", "Vắng mặt:", "Khách mời:")
    assert set(fonts) == {"Có mặt:", "Vắng mặt:", "Khách mời:"}
    assert len(set(fonts.values())) == 1 and "Italic" in fonts["Có mặt:"], fonts
    heads = {w[1]: w[2] for w in _words(path) if w[1] in ("Có", "Vắng", "Khách")}
    assert len(set(heads.values())) == 1, heads  # same indent


def test_without_guests_or_absentees_their_headings_are_left_out(tmp_path):
    path = tmp_path / "bb.pdf"
    path.write_bytes(render_minutes_pdf(_with(attendees=(AttendeeLine(Person("A", "Ủy viên"), "present"),))))
    text = " ".join(_text(path).split())
    assert "có mặt 1/1 thành viên. Có mặt: - A – Ủy viên. 4. Chủ trì" in text
    assert "Vắng mặt" not in text and "Khách mời" not in text


def test_a_draft_is_marked_on_every_page_and_the_text_to_sign_is_not(tmp_path):
    long = _with(items=30, draft=True)
    draft = PdfReader(io.BytesIO(render_minutes_pdf(long)))
    assert len(draft.pages) > 1
    assert all("DỰ THẢO" in page.extract_text() for page in draft.pages)
    path = tmp_path / "du-thao.pdf"
    path.write_bytes(render_minutes_pdf(long))
    words = [w for w in _words(path) if w[1] in ("DỰ", "THẢO")]
    assert len(words) == 2 * len(draft.pages) and all(
        w[3] < MARGIN_TOP * MM for w in words
    )  # above the text, in the top margin
    assert all(w[4] > A4[0] / 2 for w in words)  # top right
    final = PdfReader(io.BytesIO(render_minutes_pdf(_with(items=30))))
    assert not any("DỰ THẢO" in page.extract_text() for page in final.pages)
    assert "Có mặt:" in final.pages[0].extract_text()


def test_the_count_line_leaves_out_who_is_no_seat_and_counts_a_substitute_when_the_rules_do():
    secretary = AttendeeLine(Person("Thư ký"), "present", counted=False)  # listed, not a member of the body
    attendees = (_line("A", "present"), _line("B", "absent", "Ốm"), _line("D", "substitute", "", "E"), secretary)
    assert attendance_summary(attendees) == (
        "có mặt 1/3 thành viên; vắng 2 thành viên (có lý do), trong đó 1 thành viên cử người dự thay."
    )
    assert attendance_summary(attendees, substitutes_count=True) == (
        "có mặt 2/3 thành viên (trong đó 1 người dự thay); vắng 1 thành viên (có lý do)."
    )


def _signing_page_texts(doc: MinutesDocument) -> tuple[int, str, str]:
    """(pages, the text of the page the signature fields are on, the text of the page before it)."""
    data, boxes = layout_minutes(doc)
    reader = PdfReader(io.BytesIO(data))
    page = boxes[0].page
    assert boxes[1].page == page
    return len(reader.pages), reader.pages[page].extract_text(), reader.pages[page - 1].extract_text() if page else ""


@pytest.mark.parametrize("items", range(1, 12))
def test_the_signing_page_always_carries_the_last_conclusion_and_the_closing_line(items):
    """However the text falls, the signatures never stand alone on a page: the last conclusion
    and the closing line go over with them (the old layout left a page of signatures alone when
    the block did not fit under the closing line)."""
    from dataclasses import replace

    base = _doc(items=items, attendees=6)
    last = replace(base.items[-1], conclusion="Giao Phòng Tài chính – Kế hoạch trình phương án trước ngày 15/4.")
    doc = replace(base, items=base.items[:-1] + (last,))
    pages, signing, before = _signing_page_texts(doc)
    flat = " ".join(signing.split())
    assert "Cuộc họp kết thúc vào" in flat, (items, pages, flat[:200])
    assert "trình phương án trước ngày 15/4" in flat, (items, pages, flat[:200])
    assert "Cuộc họp kết thúc vào" not in " ".join(before.split())


def test_a_last_conclusion_longer_than_a_page_flows_and_the_closing_line_goes_with_the_signatures():
    from dataclasses import replace

    base = _doc(items=2, attendees=2)
    long = " ".join(["Giao các phòng, ban chuyên môn rà soát hồ sơ đất đai và báo cáo kết quả."] * 90)
    doc = replace(base, items=base.items[:-1] + (replace(base.items[-1], conclusion=long),))
    pages, signing, _ = _signing_page_texts(doc)
    assert pages >= 3
    assert "Cuộc họp kết thúc vào" in " ".join(signing.split())
