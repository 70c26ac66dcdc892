"""Hostile PDFs, built in the test from a small real PDF with pikepdf (no binary fixtures)."""

from __future__ import annotations

import io

import pikepdf

from tests.support.pdfs import encrypt_pdf, make_pdf


def _base() -> bytes:
    return make_pdf(2, title="Tờ trình dự toán ngân sách")


def _edit(change) -> bytes:
    with pikepdf.open(io.BytesIO(_base())) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand (object 1 is the catalogue), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page_bomb(levels: int = 5, lie: bool = False) -> bytes:
    """A page tree claiming 10**levels pages in a few hundred bytes: each level's node names the
    node below it ten times, down to one real page (written by hand: pikepdf repairs page trees)."""
    content = b"BT /F1 24 Tf 72 700 Td (Trang) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages %d 0 R >>" % (levels + 2),
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (levels + 3),
    ]
    for level in range(1, levels + 1):  # objects 3 … levels+2; the last one is the root
        parent = b"/Parent %d 0 R " % (level + 3) if level < levels else b""
        kids = b" ".join([b"%d 0 R" % (level + 1)] * 10)
        count = 1 if lie else 10**level  # ``lie``: every node claims one page
        objects.append(b"<< /Type /Pages %s/Kids [%s] /Count %d >>" % (parent, kids, count))
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    return _raw_pdf(objects)


def _deep_nesting(pdf: pikepdf.Pdf) -> None:
    deep = "[" * 5000 + "]" * 5000
    pdf.pages[0].obj[pikepdf.Name("/Deep")] = pdf.make_indirect(pikepdf.Stream(pdf, b""))
    pdf.pages[0].Contents = pdf.make_stream(b"q " + deep.encode() + b" Q")


def _javascript(pdf: pikepdf.Pdf) -> None:
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('Mở tệp')"))
    pdf.Root.OpenAction = pdf.make_indirect(script)
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), pdf.make_indirect(script)]))
    )
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=script)


def _launch(pdf: pikepdf.Pdf) -> None:
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 10, 200, 200], A=launch, Border=[0, 0, 0]
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    pdf.Root.OpenAction = launch


def _embedded(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not really", filename="payload.exe")
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ second", filename="hidden.exe").obj
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[20, 20, 40, 40], FS=spec
    )
    pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def _huge_image(pdf: pikepdf.Pdf) -> None:
    image = pikepdf.Stream(pdf, b"\x00" * 64)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = 200_000, 200_000
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    page = pdf.pages[0]
    page.obj.Resources.XObject = pikepdf.Dictionary(Huge=image)
    page.Contents = pdf.make_stream(b"q 500 0 0 700 0 0 cm /Huge Do Q")


def _page_loop() -> bytes:
    """A page tree whose node names itself among its kids."""
    content = b"BT ET"
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def _xref_damaged(data: bytes) -> bytes:
    start = data.rindex(b"startxref")
    return data[:start] + b"startxref\n999999999\n%%EOF\n"


def corpus() -> dict[str, tuple[str, bytes]]:
    """name → (file name, bytes)."""
    base = _base()
    return {
        "not-a-pdf": ("bao-cao.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        "text-as-pdf": ("to-trinh.pdf", "Đây không phải PDF %%EOF".encode()),
        "empty": ("rong.pdf", b""),
        "truncated": ("cut.pdf", base[: len(base) // 2]),
        "header-only": ("header.pdf", b"%PDF-1.7\n%%EOF\n"),
        "xref-damaged": ("xref.pdf", _xref_damaged(base)),
        "encrypted-user-password": ("mat.pdf", encrypt_pdf(base)),
        "encrypted-owner-only": ("owner.pdf", encrypt_pdf(base, user_password="")),
        "page-bomb": ("bomb.pdf", page_bomb()),
        "page-bomb-lying-count": ("bomb2.pdf", page_bomb(lie=True)),
        "page-tree-loop": ("loop.pdf", _page_loop()),
        "deep-nesting": ("deep.pdf", _edit(_deep_nesting)),
        "javascript": ("js.pdf", _edit(_javascript)),
        "launch-action": ("launch.pdf", _edit(_launch)),
        "embedded-files": ("attach.pdf", _edit(_embedded)),
        "huge-image": ("image.pdf", _edit(_huge_image)),
    }
