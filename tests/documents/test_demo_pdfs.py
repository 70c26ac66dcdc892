"""The demo documents: real multi-page Vietnamese PDFs that open, embed their font, give back
their exact text with diacritics, and come out byte-for-byte the same on every build; those of the
upcoming meeting speak of the period just before its day."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from functools import cache

import pytest
from pypdf import PdfReader

from demo.documents import PAST, UPCOMING, DemoDocument, demo_documents, documents_for
from demo.documents.period import Period, working_days_from
from documents.official_layout import DemoFontMissing, Letterhead, date_line, font_paths, vn_dec, vn_int

MEETING_DAY = date(2026, 12, 3)  # a Thursday of the fourth quarter: reports on Q3, plans for 2027
PERIOD = Period(MEETING_DAY)
DOCUMENTS = demo_documents(MEETING_DAY)
BY_KEY = {doc.key: doc for doc in DOCUMENTS}
A4_POINTS = (595.28, 841.89)


@cache
def pdf_bytes(key: str) -> bytes:
    return BY_KEY[key].build()


def reader(key: str) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_bytes(key)))


@cache
def text_of(key: str) -> str:
    """pypdf's text with runs of whitespace folded: justified lines come out with doubled spaces."""
    raw = "\n".join(page.extract_text() or "" for page in reader(key).pages)
    return " ".join(raw.split())


def by_document(test):
    return pytest.mark.parametrize("key", [doc.key for doc in DOCUMENTS])(test)


# -- the catalogue ------------------------------------------------------------------------------
def test_catalogue_covers_an_agenda_of_four_items_and_a_closed_meeting():
    upcoming = [doc for doc in DOCUMENTS if doc.meeting == UPCOMING]
    past = [doc for doc in DOCUMENTS if doc.meeting == PAST]
    assert len({doc.agenda_index for doc in upcoming}) >= 4
    assert 1 <= len(past) <= 2
    assert len(BY_KEY) == len(DOCUMENTS), "keys must be unique"
    assert len({doc.filename for doc in DOCUMENTS}) == len(DOCUMENTS), "file names must be unique"


@by_document
def test_catalogue_entry_is_well_formed(key):
    doc: DemoDocument = BY_KEY[key]
    assert doc.key.isascii() and doc.key == doc.key.lower() and " " not in doc.key
    assert doc.filename.isascii() and doc.filename.endswith(".pdf") and " " not in doc.filename
    assert doc.title == unicodedata.normalize("NFC", doc.title)
    assert any(ord(ch) > 127 for ch in doc.title), "titles are in Vietnamese"
    assert doc.agenda_index >= 0


# -- the PDFs -----------------------------------------------------------------------------------
@by_document
def test_opens_with_pypdf_as_a_multi_page_a4_document(key):
    pdf = reader(key)
    assert not pdf.is_encrypted
    assert 2 <= len(pdf.pages) <= 6
    for page in pdf.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4_POINTS
    assert pdf.metadata.title == BY_KEY[key].title


@by_document
def test_every_font_is_embedded_truetype(key):
    seen = set()
    for page in reader(key).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            assert "/ToUnicode" in font, "text extraction needs the ToUnicode map"
            seen.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert {"NotoSerif", "NotoSerifBold"} <= seen


@by_document
def test_text_has_the_decree_30_layout_with_exact_diacritics(key):
    text = text_of(key)
    doc = BY_KEY[key]
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ Thọ, ngày" if doc.meeting == UPCOMING else "Cao Lãnh, ngày",  # xã Mỹ Thọ 2026, the district 2020
        "Nơi nhận:",
        doc.spec.kind,
        doc.spec.signature.name,
        doc.spec.letterhead.number.split()[-1],
    ):
        assert expected in text, expected
    assert text == unicodedata.normalize("NFC", text), "letters must come back precomposed"


def test_reform_report_carries_the_quarter_figures():
    text = text_of("bao-cao-cchc-quy")
    for figure in ("tiếp nhận 4.988 hồ sơ", "trước hạn 1.331 hồ sơ", "06 hồ sơ trễ hạn", "61,4%", "612 hồ sơ", "3.063"):
        assert figure in text, figure
    assert "ỦY BAN NHÂN DÂN XÃ MỸ THỌ" in text and "Trung tâm Phục vụ hành chính công xã" in text
    for stale in ("17.800", "6.650", "Nhị Mỹ", "huyện Cao Lãnh", "thị trấn"):  # the 2020 district's
        assert stale not in text, stale
    assert "Số: 86/BC-UBND" in text
    assert "Mỹ Thọ, ngày 20 tháng 11 năm 2026" in text  # nine working days before 3 December 2026
    assert "cải cách hành chính quý III năm 2026" in text and "NHIỆM VỤ QUÝ IV NĂM 2026" in text
    assert "quý I năm 2020" not in text and "Covid" not in text


def test_land_document_speaks_of_dat_dai_with_real_diacritics():
    text = text_of("to-trinh-ke-hoach-su-dung-dat")
    assert "Luật Đất đai" in text
    assert text.count("đất") >= 10
    assert "\u0111\u1ea5t" in text  # đ (U+0111) + ấ (U+1EA5): searchable with and without diacritics


def test_draft_documents_say_so_and_carry_no_signature_mark():
    drafts = [doc for doc in DOCUMENTS if doc.spec.draft]
    assert drafts, "at least one draft (dự thảo) is on the agenda"
    for doc in drafts:
        text = text_of(doc.key)
        assert "DỰ THẢO" in text and "(Đã ký)" not in text
    for doc in DOCUMENTS:
        if not doc.spec.draft:
            assert "(Đã ký)" in text_of(doc.key) and "DỰ THẢO" not in text_of(doc.key)


@by_document
def test_build_is_deterministic(key):
    first = pdf_bytes(key)
    assert BY_KEY[key].build() == first
    created = reader(key).metadata.creation_date
    issued = BY_KEY[key].spec.letterhead.issued
    assert (created.year, created.month, created.day) == (issued.year, issued.month, issued.day)


@by_document
def test_passes_the_upload_validator(key):
    from documents.pdf import inspect_pdf

    facts = inspect_pdf(io.BytesIO(pdf_bytes(key)))
    assert facts.page_count == len(reader(key).pages)
    assert ("Mỹ Thọ" if BY_KEY[key].meeting == UPCOMING else "Cao Lãnh") in facts.text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_poppler_reads_the_same_vietnamese_text(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf_bytes("bao-cao-cchc-quy"))
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    text = " ".join(result.stdout.decode("utf-8").split())
    assert "BÁO CÁO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Ủy ban nhân dân xã Mỹ Thọ" in text
    assert "tiếp nhận 4.988 hồ sơ" in text


# -- the upcoming meeting's period -------------------------------------------------------------
@pytest.mark.parametrize(
    "day, reported, ahead, plan_year",
    [
        (date(2026, 12, 3), "quý III năm 2026", "quý IV năm 2026", 2027),  # a Q4 plan is for the next year
        (date(2027, 1, 7), "quý IV năm 2026", "quý I năm 2027", 2027),
        (date(2026, 4, 9), "quý I năm 2026", "quý II năm 2026", 2026),
        (date(2026, 7, 1), "quý II năm 2026", "quý III năm 2026", 2026),
        (date(2026, 9, 30), "quý II năm 2026", "quý III năm 2026", 2026),
    ],
)
def test_period_is_the_last_completed_quarter_and_the_plan_year(day, reported, ahead, plan_year):
    period = Period(day)
    assert (period.reported, period.ahead, period.plan_year, period.budget_year) == (
        reported,
        ahead,
        plan_year,
        day.year,
    )


def test_working_days_skip_weekends_and_new_year():
    assert working_days_from(date(2026, 12, 7), -1) == date(2026, 12, 4)  # Monday back to Friday
    assert working_days_from(date(2026, 12, 31), 1) == date(2027, 1, 4)  # over 1 January and a weekend
    assert working_days_from(date(2026, 12, 3), 0) == date(2026, 12, 3)


def test_upcoming_documents_are_dated_one_to_two_weeks_before_the_meeting():
    for doc in documents_for(UPCOMING, MEETING_DAY):
        issued = doc.spec.letterhead.issued
        assert date(2026, 11, 16) <= issued < date(2026, 11, 26), (doc.key, issued)
        assert issued.weekday() < 5


# A real law keeps its real date; anything else dated 2019–2023 would be out of place in a
# December 2026 meeting (the land statistics of 2025, compared with 2024, are the latest).
CITATION = re.compile(
    r"(?:số \d+/(?:\d{4}/)?[A-ZĐ-]+ )?ngày \d{2} tháng \d{1,2} năm \d{4}|\d+/\d{4}/[A-ZĐ-]+"
    r"|Luật [^ ]+ [^ ]+ ngày|thời kỳ 2021 - 2030|định hướng đến năm 2030"
)


def test_upcoming_documents_speak_of_the_period_not_of_2020():
    for doc in documents_for(UPCOMING, MEETING_DAY):
        text = CITATION.sub("", text_of(doc.key))
        stale = re.findall(r"[^.;]{0,40}\b20(?:19|2[0-3])\b[^.;]{0,20}", text)
        assert not stale, (doc.key, stale)
    assert "Về việc thông qua Kế hoạch sử dụng đất năm 2027" in text_of("to-trinh-ke-hoach-su-dung-dat")
    assert "thống kê đất đai năm 2025" in text_of("to-trinh-ke-hoach-su-dung-dat")
    assert "Mục tiêu năm 2027" in text_of("ke-hoach-e-cabinet") and "Quý III/2026" in text_of("ke-hoach-e-cabinet")
    assert "bổ sung dự toán năm 2026" in text_of("to-trinh-du-toan-phong-hop-khong-giay")
    assert "Các ấp phía Bắc 04/1/2027" in text_of("ke-hoach-buu-dien-van-hoa-xa")  # the first, after New Year's Day


def test_titles_and_file_names_follow_the_period():
    titles = {doc.key: (doc.title, doc.filename) for doc in documents_for(UPCOMING, date(2026, 5, 6))}
    assert titles["bao-cao-cchc-quy"] == (
        "Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026",
        "bao-cao-cchc-quy-1-2026.pdf",
    )
    assert titles["to-trinh-ke-hoach-su-dung-dat"][0].startswith("Tờ trình thông qua Kế hoạch sử dụng đất năm 2026")
    assert titles["to-trinh-ke-hoach-su-dung-dat"][1] == "to-trinh-ke-hoach-su-dung-dat-2026.pdf"


def test_the_same_day_gives_the_same_bytes_another_day_other_bytes():
    first = documents_for(UPCOMING, MEETING_DAY)[0].build()
    assert documents_for(UPCOMING, MEETING_DAY)[0].build() == first == pdf_bytes("bao-cao-cchc-quy")
    assert documents_for(UPCOMING, date(2026, 12, 4))[0].build() != first


def test_the_past_meeting_keeps_its_2020_documents():
    past = documents_for(PAST)
    assert [doc.key for doc in past] == ["bao-cao-kt-xh-quy-1-2020", "ke-hoach-kiem-tra-cchc-2020"]
    assert all(doc.spec.letterhead.issued.year == 2020 for doc in past)
    with pytest.raises(ValueError):
        documents_for(UPCOMING)


# -- helpers ------------------------------------------------------------------------------------
def test_missing_font_is_a_clear_error(tmp_path):
    with pytest.raises(DemoFontMissing, match="fonts-noto-core"):
        font_paths(tmp_path)


def test_vietnamese_number_formats():
    assert vn_int(17842) == "17.842"
    assert vn_int(374_000_000) == "374.000.000"
    assert vn_dec(49112.47) == "49.112,47"
    assert vn_dec(5.81) == "5,81"


@pytest.mark.parametrize(
    "issued, draft, expected",
    [
        (date(2020, 4, 6), False, "Cao Lãnh, ngày 06 tháng 4 năm 2020"),
        (date(2020, 1, 15), False, "Cao Lãnh, ngày 15 tháng 01 năm 2020"),
        (date(2020, 12, 31), False, "Cao Lãnh, ngày 31 tháng 12 năm 2020"),
    ],
)
def test_date_line_pads_days_and_the_first_two_months(issued, draft, expected):
    assert date_line(Letterhead(("X",), "Số: 1/BC", issued), draft) == expected


def test_date_line_of_a_draft_leaves_the_day_blank():
    line = date_line(Letterhead(("X",), "Số:   /KH", date(2020, 4, 9)), draft=True)
    assert line.startswith("Cao Lãnh, ngày ") and line.endswith(" tháng 4 năm 2020")
    assert not any(ch.isdigit() for ch in line.split("tháng")[0])
