"""Demo documents of Ủy ban nhân dân huyện Cao Lãnh: multi-page Vietnamese administrative PDFs.

The documents follow the presentation rules of Decree 30/2020/NĐ-CP on clerical work: A4, the
issuing body top-left with the document number, the national motto top-right with the place and
date in italics, a bold centred title, justified paragraphs with a first-line indent, page
numbers at the top from page 2, "Nơi nhận:" bottom-left and the signature block bottom-right.
Their figures come from the news item about Cao Lãnh's first quarter of 2020 (zero overdue
dossiers, e-Cabinet paperless meetings); the names of officials are invented.

Everything is deterministic: fonts are embedded from fixed files, and the creation date is the
document's own date, so ``build()`` returns the same bytes on every run with the same fpdf2.

    for doc in demo_documents():
        pdf_bytes = doc.build()
"""
from __future__ import annotations

from dataclasses import dataclass, field

from documents.demo_pdfs.past import reform_inspection_plan_2020, socio_economic_report_q1_2020
from documents.demo_pdfs.upcoming import (
    administrative_reform_report_q1_2020,
    land_use_plan_submission_2020,
    paperless_budget_submission_2020,
    paperless_meetings_plan_2020,
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


def demo_documents() -> list[DemoDocument]:
    """All demo documents, upcoming meeting first, in agenda order."""
    return [
        DemoDocument("bao-cao-cchc-q1-2020", UPCOMING, 0,
                     "Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2020",
                     "bao-cao-cchc-quy-1-2020.pdf", administrative_reform_report_q1_2020(),
                     "cải cách hành chính, thủ tục hành chính, e-Cabinet", observer_visible=True),
        DemoDocument("ke-hoach-buu-dien-van-hoa-xa", UPCOMING, 1,
                     "Dự thảo Kế hoạch chuyển giao dịch vụ hành chính công sang Bưu điện văn hóa xã giai đoạn 3",
                     "du-thao-ke-hoach-buu-dien-van-hoa-xa-giai-doan-3.pdf", post_office_handover_plan_phase_3(),
                     "bưu chính công ích, Bưu điện văn hóa xã", observer_visible=True),
        DemoDocument("to-trinh-ke-hoach-su-dung-dat-2020", UPCOMING, 2,
                     "Tờ trình thông qua Kế hoạch sử dụng đất năm 2020 và giải pháp quản lý đất đai",
                     "to-trinh-ke-hoach-su-dung-dat-2020.pdf", land_use_plan_submission_2020(),
                     "đất đai, kế hoạch sử dụng đất"),
        DemoDocument("ke-hoach-e-cabinet-2020", UPCOMING, 3,
                     "Dự thảo Kế hoạch ứng dụng e-Cabinet và dịch vụ công trực tuyến năm 2020",
                     "du-thao-ke-hoach-e-cabinet-dvc-truc-tuyen-2020.pdf", paperless_meetings_plan_2020(),
                     "e-Cabinet, phòng họp không giấy, dịch vụ công trực tuyến"),
        DemoDocument("to-trinh-du-toan-phong-hop-khong-giay", UPCOMING, 3,
                     "Tờ trình bổ sung dự toán kinh phí phòng họp không giấy năm 2020",
                     "to-trinh-du-toan-phong-hop-khong-giay-2020.pdf", paperless_budget_submission_2020(),
                     "dự toán, ngân sách, phòng họp không giấy"),
        DemoDocument("bao-cao-kt-xh-quy-1-2020", PAST, 0,
                     "Báo cáo tình hình kinh tế – xã hội quý I và nhiệm vụ tháng 4 năm 2020",
                     "bao-cao-kinh-te-xa-hoi-quy-1-2020.pdf", socio_economic_report_q1_2020(),
                     "kinh tế – xã hội, nông nghiệp, ngân sách"),
        DemoDocument("ke-hoach-kiem-tra-cchc-2020", PAST, 1,
                     "Dự thảo Kế hoạch kiểm tra công tác cải cách hành chính năm 2020",
                     "du-thao-ke-hoach-kiem-tra-cchc-2020.pdf", reform_inspection_plan_2020(),
                     "kiểm tra, cải cách hành chính"),
    ]


def documents_for(meeting: str) -> list[DemoDocument]:
    return [doc for doc in demo_documents() if doc.meeting == meeting]
