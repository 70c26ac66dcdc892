"""Reading a large upload holds one page's objects at a time, and gives the same text and page
images as reading it whole (the upload's memory target: docs/performance.md, upload)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bench.packs import scanned_pack
from documents import pdf as pdf_module
from documents import thumbnails
from documents.pdf import inspect_pdf
from tests.documents.test_demo_pdfs import BY_KEY, pdf_bytes


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pack") / "pack.pdf"
    scanned_pack(path, pages=23, page_kb=20, seed=5)
    return path.read_bytes()


def test_text_walk_keeps_one_pages_objects(pack, monkeypatch):
    """pypdf's cache is emptied after each page: it never holds more than one page's objects."""
    held = []
    forget = pdf_module.forget_resolved_objects

    def spy(reader):
        held.append(len(reader.resolved_objects))
        forget(reader)

    monkeypatch.setattr(pdf_module, "forget_resolved_objects", spy)
    assert inspect_pdf(io.BytesIO(pack), "pack.pdf").page_count == 23
    whole = PdfReader(io.BytesIO(pack))
    for page in whole.pages:
        page.extract_text()
    assert len(held) == 23  # the first count holds the page tree (every page's dictionary) too
    assert max(held[1:]) <= 8 < len(whole.resolved_objects) - held[0]  # a whole walk keeps every image


@pytest.mark.parametrize("key", sorted(BY_KEY)[:3])
def test_text_is_the_same_as_a_whole_walk(key):
    body = pdf_bytes(key)
    whole = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert inspect_pdf(io.BytesIO(body), f"{key}.pdf").text == whole
    assert len(whole) > 1000


def test_thumbnails_reopened_every_few_pages_are_the_same(pack, monkeypatch):
    opened = []
    real = thumbnails.PAGES_PER_OPEN
    import pypdfium2 as pdfium

    original = pdfium.PdfDocument

    def counting(*args, **kwargs):
        opened.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(pdfium, "PdfDocument", counting)
    images = thumbnails.render_thumbnails(io.BytesIO(pack))
    assert len(images) == 23 and len(opened) == -(-23 // real)  # 10 pages per open: three opens
    monkeypatch.setattr(thumbnails, "PAGES_PER_OPEN", 1000)
    opened.clear()
    assert thumbnails.render_thumbnails(io.BytesIO(pack)) == images and len(opened) == 1
    assert len(set(images)) == 23  # distinct pages, in order: page 11 after a reopen is page 11
    assert thumbnails.render_thumbnails(io.BytesIO(pack), max_pages=10) == images[:10]
