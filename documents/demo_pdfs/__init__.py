"""Demo documents of Ủy ban nhân dân huyện Cao Lãnh: multi-page Vietnamese administrative PDFs.

The documents follow the presentation rules of Decree 30/2020/NĐ-CP on clerical work: A4, the
issuing body top-left with the document number, the national motto top-right with the place and
date in italics, a bold centred title, justified paragraphs with a first-line indent, page
numbers at the top from page 2, "Nơi nhận:" bottom-left and the signature block bottom-right.
Their figures come from the news item about Cao Lãnh's first quarter of 2020 (zero overdue
dossiers, e-Cabinet paperless meetings); the names of officials are invented.

The closed meeting of March 2020 keeps its 2020 documents. The upcoming meeting is dated relative
to today, so its documents are written for its :class:`Period`: the last completed quarter, the
plan year, dates some working days before the meeting.

Everything is deterministic: fonts are embedded from fixed files, and the creation date is the
document's own date, so ``build()`` returns the same bytes on every run with the same fpdf2 and
the same meeting day.

    for doc in demo_documents(meeting_day):
        pdf_bytes = doc.build()
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from documents.demo_pdfs.past import reform_inspection_plan_2020, socio_economic_report_q1_2020
from documents.demo_pdfs.period import Period
from documents.demo_pdfs.upcoming import (
    administrative_reform_report,
    land_use_plan_submission,
    paperless_budget_submission,
    paperless_meetings_plan,
    post_office_handover_plan_phase_3,
)
from documents.official_layout import DocumentSpec, render


# -- the catalogue ------------------------------------------------------------------------------
UPCOMING = "upcoming"  # the next regular meeting (published)
PAST = "2020-03"  # the closed regular meeting of March 2020


@dataclass(frozen=True)
class DemoDocument:
    key: str  # short stable slug
    meeting: str  # UPCOMING or PAST
    agenda_index: int  # position of the agenda item the document belongs to
    title: str
    filename: str
    spec: DocumentSpec = field(repr=False, compare=False)
    keywords: str = ""
    observer_visible: bool = False  # the guest (khách mời) may read it

    def build(self) -> bytes:
        """The PDF; identical bytes on every call."""
        return render(self.spec, self.title, self.keywords)


def upcoming_documents(period: Period) -> list[DemoDocument]:
    """The documents of the upcoming meeting, written for its period, in agenda order."""
    quarter, year = period.quarter, period.quarter_year
    plan, budget = period.plan_year, period.budget_year
    return [
        DemoDocument("bao-cao-cchc-quy", UPCOMING, 0,
                     f"Báo cáo kết quả thực hiện công tác cải cách hành chính {period.reported}",
                     f"bao-cao-cchc-quy-{quarter}-{year}.pdf", administrative_reform_report(period),
                     "cải cách hành chính, thủ tục hành chính, e-Cabinet", observer_visible=True),
        DemoDocument("ke-hoach-buu-dien-van-hoa-xa", UPCOMING, 1,
                     "Dự thảo Kế hoạch chuyển giao dịch vụ hành chính công sang Bưu điện văn hóa xã giai đoạn 3",
                     "du-thao-ke-hoach-buu-dien-van-hoa-xa-giai-doan-3.pdf", post_office_handover_plan_phase_3(period),
                     "bưu chính công ích, Bưu điện văn hóa xã", observer_visible=True),
        DemoDocument("to-trinh-ke-hoach-su-dung-dat", UPCOMING, 2,
                     f"Tờ trình thông qua Kế hoạch sử dụng đất năm {plan} và giải pháp quản lý đất đai",
                     f"to-trinh-ke-hoach-su-dung-dat-{plan}.pdf", land_use_plan_submission(period),
                     "đất đai, kế hoạch sử dụng đất"),
        DemoDocument("ke-hoach-e-cabinet", UPCOMING, 3,
                     f"Dự thảo Kế hoạch ứng dụng e-Cabinet và dịch vụ công trực tuyến năm {plan}",
                     f"du-thao-ke-hoach-e-cabinet-dvc-truc-tuyen-{plan}.pdf", paperless_meetings_plan(period),
                     "e-Cabinet, phòng họp không giấy, dịch vụ công trực tuyến"),
        DemoDocument("to-trinh-du-toan-phong-hop-khong-giay", UPCOMING, 3,
                     f"Tờ trình bổ sung dự toán kinh phí phòng họp không giấy năm {budget}",
                     f"to-trinh-du-toan-phong-hop-khong-giay-{budget}.pdf", paperless_budget_submission(period),
                     "dự toán, ngân sách, phòng họp không giấy"),
    ]


def past_documents() -> list[DemoDocument]:
    """The documents of the closed meeting of March 2020, in agenda order."""
    return [
        DemoDocument("bao-cao-kt-xh-quy-1-2020", PAST, 0,
                     "Báo cáo tình hình kinh tế – xã hội quý I và nhiệm vụ tháng 4 năm 2020",
                     "bao-cao-kinh-te-xa-hoi-quy-1-2020.pdf", socio_economic_report_q1_2020(),
                     "kinh tế – xã hội, nông nghiệp, ngân sách"),
        DemoDocument("ke-hoach-kiem-tra-cchc-2020", PAST, 1,
                     "Dự thảo Kế hoạch kiểm tra công tác cải cách hành chính năm 2020",
                     "du-thao-ke-hoach-kiem-tra-cchc-2020.pdf", reform_inspection_plan_2020(),
                     "kiểm tra, cải cách hành chính"),
    ]


def demo_documents(meeting_day: date) -> list[DemoDocument]:
    """All demo documents, the upcoming meeting's (held on ``meeting_day``) first, in agenda order."""
    return upcoming_documents(Period(meeting_day)) + past_documents()


def documents_for(meeting: str, meeting_day: date | None = None) -> list[DemoDocument]:
    """The documents of one demo meeting; the upcoming one needs its day."""
    if meeting == PAST:
        return past_documents()
    if meeting_day is None:
        raise ValueError("the upcoming meeting's documents depend on its day")
    return upcoming_documents(Period(meeting_day))
