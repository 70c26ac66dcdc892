"""The demo documents' content is data (demo/content/*.toml): the small text form reads back into
the blocks of an official document, every ``{value}`` is filled for any meeting day, and the
prose quotes the figures the computed tables add up."""

from __future__ import annotations

from datetime import date

import pytest

from demo.documents import PAST, UPCOMING, documents_for
from demo.documents.content import choose, fill, holds, parse_body, read_content
from demo.documents.loader import document_spec
from demo.documents.period import Period
from demo.documents.tables import build_table
from documents.official_layout import Column, Heading, Para, Table

# every quarter, the turn of a year, and the years whose texts change (≤ 2020: older legal bases)
DAYS = [
    date(2019, 10, 3),
    date(2020, 11, 5),
    date(2021, 2, 11),
    date(2026, 4, 9),
    date(2026, 7, 1),
    date(2026, 9, 30),
    date(2026, 12, 3),
    date(2027, 1, 7),
    date(2031, 5, 14),
]


def texts_of(doc) -> list[str]:
    spec = doc.spec
    texts = [
        doc.title,
        doc.filename,
        spec.kind,
        spec.addressee,
        spec.letterhead.number,
        *spec.subject,
        *spec.recipients,
        *spec.signature.capacity,
        spec.signature.name,
    ]
    for block in spec.body:
        if isinstance(block, Table):
            texts += [
                block.caption,
                block.unit,
                *(c.header for c in block.columns),
                *(value for row in block.rows for value in row),
            ]
        else:
            texts.append(block.text)
    return texts


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_value_is_filled_whatever_the_meeting_day(day):
    for doc in documents_for(UPCOMING, day) + documents_for(PAST):
        for text in texts_of(doc):
            assert "{" not in text and "}" not in text, (doc.key, text)
            assert "  " not in text.strip() or text.startswith("Số:"), (doc.key, text)  # folded, not padded


def test_the_catalogue_names_every_data_file_once():
    catalogue = read_content("catalogue")
    keys = catalogue[UPCOMING] + catalogue[PAST]
    assert len(keys) == len(set(keys))
    for key in keys:
        data = read_content(key)
        assert {
            "agenda_index",
            "title",
            "filename",
            "letterhead",
            "kind",
            "subject",
            "recipients",
            "signature",
            "body",
        } <= set(data), key


def test_the_body_reads_back_as_headings_bullets_paragraphs_and_tables():
    table = Table(columns=(Column("STT", 10),), rows=(("1",),))
    body = parse_body(
        """
# I. KẾT QUẢ {quarter}
## 1. Công tác chỉ đạo, điều hành
Một đoạn văn viết
   trên ba dòng, có **chữ đậm**.

Đoạn thứ hai.
- Ý thứ nhất,
  còn tiếp - không phải ý mới.
- Ý thứ hai.
@table counts
### a) Tiểu mục
""",
        {"counts": table},
        {"quarter": "quý III"},
    )
    assert body == (
        Heading("I. KẾT QUẢ quý III", 1),
        Heading("1. Công tác chỉ đạo, điều hành", 2),
        Para("Một đoạn văn viết trên ba dòng, có **chữ đậm**."),
        Para("Đoạn thứ hai."),
        Para("- Ý thứ nhất, còn tiếp - không phải ý mới."),
        Para("- Ý thứ hai."),
        table,
        Heading("a) Tiểu mục", 3),
    )


def test_a_value_nobody_gives_is_named_in_the_error():
    with pytest.raises(KeyError, match="plan_yaer"):
        fill("Kế hoạch năm {plan_yaer}", Period(date(2026, 12, 3)).values())


def test_a_variant_is_chosen_by_the_period():
    cases = [{"when": "plan_year <= 2020", "text": "cũ {plan_year}"}, {"text": "mới\n  {plan_year}"}]
    assert choose(cases, {"plan_year": 2020}) == "cũ 2020"
    assert choose(cases, {"plan_year": 2027}) == "mới 2027"
    assert holds("plan_year == budget_year", {"plan_year": 2026, "budget_year": 2026})
    assert not holds("plan_year != budget_year", {"plan_year": 2026, "budget_year": 2026})
    with pytest.raises(ValueError):
        holds("plan_year in (2020, 2021)", {"plan_year": 2020})
    with pytest.raises(ValueError):
        choose(cases[:1], {"plan_year": 2027})


def test_a_plain_table_prints_numbers_the_vietnamese_way_and_numbers_its_rows():
    table, given = build_table(
        {
            "caption": "Bảng {n}",
            "columns": [["STT", 8, "C"], ["Tên", 50], ["Số", 20, "R"]],
            "numbered": True,
            "rows": [["Một {n}", 17842], ["Hai", 5.8]],
        },
        {"n": 2},
    )
    assert table.caption == "Bảng 2" and given == {}
    assert table.columns[0] == Column("STT", 8, "C") and table.columns[1] == Column("Tên", 50, "L")
    assert table.rows == (("1", "Một 2", "17.842"), ("2", "Hai", "5,80"))


def _table_after(spec, marker: str) -> Table:
    return next(block for block in spec.body if isinstance(block, Table) and marker in block.caption)


def test_the_prose_quotes_what_the_tables_add_up():
    day = date(2026, 12, 3)
    docs = {doc.key: doc for doc in documents_for(UPCOMING, day)}
    budget = docs["to-trinh-du-toan-phong-hop-khong-giay"].spec
    total = _table_after(budget, "Dự toán").rows[-1][-1]
    assert total == "374.000.000"
    assert any(
        f"**{total} đồng** (Bằng chữ: Ba trăm bảy mươi bốn triệu đồng)" in b.text
        for b in budget.body
        if isinstance(b, Para)
    )

    land = docs["to-trinh-ke-hoach-su-dung-dat"].spec
    area = _table_after(land, "Hiện trạng").rows[-1][3]
    assert any(f"tổng diện tích tự nhiên của xã là {area} ha" in b.text for b in land.body if isinstance(b, Para))

    report = docs["bao-cao-cchc-quy"].spec
    results = _table_after(report, "Kết quả tiếp nhận")
    own, for_province, total_row = results.rows
    assert total_row[0] == "Tổng cộng" and total_row[5] == "6"  # the commune's six late land dossiers
    as_int = lambda text: int(text.replace(".", ""))  # noqa: E731
    assert as_int(total_row[1]) == as_int(own[1]) + as_int(for_province[1])
    prose = " ".join(b.text for b in report.body if isinstance(b, Para))
    assert f"Trung tâm Phục vụ hành chính công xã tiếp nhận {total_row[1]} hồ sơ" in prose
    assert f"giải quyết trước hạn {total_row[3]} hồ sơ" in prose and "06 hồ sơ trễ hạn" in prose
    assert "17.800" not in prose  # the 2020 district's figure stays in the 2020 documents


def test_the_spec_is_the_same_for_the_same_day_and_follows_the_day():
    data = read_content("bao-cao-cchc-quy")
    same = document_spec(data, Period(date(2026, 12, 3)))
    assert same == document_spec(data, Period(date(2026, 12, 3)))
    later = document_spec(data, Period(date(2027, 1, 7)))
    assert later.subject == (
        "Kết quả thực hiện công tác cải cách hành chính quý IV năm 2026",
        "và phương hướng, nhiệm vụ quý I năm 2027",
    )
    assert later.letterhead.issued == date(2026, 12, 24)  # nine working days before, over New Year's Day
