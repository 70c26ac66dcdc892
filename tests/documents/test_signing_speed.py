"""What made a signature cheaper (issue 11, docs/performance.md "Signing: the profile") changes
nothing in what is signed: the stamp embeds the very font pyHanko would have embedded, the key
opened from the PKCS#12 signs RSA and ECDSA signatures that poppler and pyHanko accept, and the
room pyHanko reserves for the signature still holds it."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pypdf import PdfReader

import documents.signature_stamp as signature_stamp
from documents.credentials import cert_pem, create_demo_ca, issue_demo_certificate, to_pkcs12
from documents.minutes_pdf import render_minutes_pdf
from documents.offload import run_cpu_bound
from documents.signing import Appearance, Pkcs12Provider, sign_pdf, verify_pdf
from tests.documents.test_minutes_pdf import _doc
from tests.support.minutes import pdfsig

APPEARANCE = Appearance("Lê Hoàng Nam", "Thư ký – Chuyên viên Văn phòng", "11:34 26/11/2026")


@pytest.fixture(scope="module")
def ca():
    return create_demo_ca()


@pytest.fixture(scope="module")
def minutes():
    return run_cpu_bound(render_minutes_pdf, _doc(1, 1))


def _embedded_fonts(pdf: bytes) -> list[bytes]:
    """The font programs (FontFile2) drawn by the signature widgets' appearances."""
    fonts, stack, seen = [], [], set()
    for annot in PdfReader(io.BytesIO(pdf)).pages[0].get("/Annots") or []:
        widget = annot.get_object()
        if widget.get("/FT") == "/Sig" and "/AP" in widget:
            stack.append(widget["/AP"]["/N"])
    while stack:
        item = stack.pop()
        if hasattr(item, "idnum"):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
        item = item.get_object()
        if isinstance(item, dict):
            if "/FontFile2" in item:
                fonts.append(item["/FontFile2"].get_object().get_data())
            stack += [value for key, value in item.items() if key not in ("/Parent", "/P")]
        elif isinstance(item, list):
            stack += item
    return fonts


def test_the_stamp_embeds_the_same_font_as_pyhankos_own_font_engine(ca, minutes, monkeypatch):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    key, cert = issue_demo_certificate(*ca, "Lê Hoàng Nam")
    signer = Pkcs12Provider(to_pkcs12(key, cert, [ca[1]], "pw")).open("pw")
    lean = run_cpu_bound(sign_pdf, minutes, signer, "ThuKy", APPEARANCE)
    monkeypatch.setattr(signature_stamp, "_lean_font_factory", lambda: GlyphAccumulatorFactory)
    stock = run_cpu_bound(sign_pdf, minutes, signer, "ThuKy", APPEARANCE)
    assert len(_embedded_fonts(lean)) == 1
    # byte for byte, but for the time of writing fontTools stamps into the "head" table
    assert [_undated(f) for f in _embedded_fonts(lean)] == [_undated(f) for f in _embedded_fonts(stock)]


def _undated(font: bytes) -> bytes:
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(font), recalcTimestamp=False)
    tt["head"].modified = 0
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


def _ec_credential(ca_key, ca_cert, name: str) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )  # digital signature, non-repudiation: what pyHanko's validation asks of a signer
        .sign(ca_key, hashes.SHA256())
    )
    return to_pkcs12(key, cert, [ca_cert], "pw")


def test_rsa_then_ecdsa_signatures_from_the_opened_key_are_valid_for_poppler_and_pyhanko(ca, minutes, tmp_path):
    ca_key, ca_cert = ca
    key, cert = issue_demo_certificate(ca_key, ca_cert, "Lê Hoàng Nam")
    secretary = Pkcs12Provider(to_pkcs12(key, cert, [ca_cert], "pw")).open("pw")
    chair = Pkcs12Provider(_ec_credential(ca_key, ca_cert, "Nguyễn Hữu Phước")).open("pw")
    pdf = run_cpu_bound(sign_pdf, minutes, secretary, "ThuKy", APPEARANCE)
    pdf = run_cpu_bound(sign_pdf, pdf, chair, "ChuToa", Appearance("Nguyễn Hữu Phước", "Chủ tọa", "11:40 26/11/2026"))
    report = run_cpu_bound(verify_pdf, pdf, [cert_pem(ca_cert)])
    assert report.ok and report.trusted, report
    assert [s.signer for s in report.signatures] == ["Lê Hoàng Nam", "Nguyễn Hữu Phước"]
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    output = pdfsig(path)
    assert output.count("Signature Validation: Signature is Valid.") == 2, output
    assert "Digest Mismatch" not in output


def test_the_dry_run_reserves_room_for_the_real_signature_without_signing(ca):
    """pyHanko sizes /Contents from a dry run: the placeholder has the real signature's length (RSA)
    or its maximum (ECDSA), and no private-key operation happens for it."""
    import asyncio

    ca_key, ca_cert = ca
    key, cert = issue_demo_certificate(ca_key, ca_cert, "Lê Hoàng Nam")
    rsa_signer = Pkcs12Provider(to_pkcs12(key, cert, [ca_cert], "pw")).open("pw")
    ec_signer = Pkcs12Provider(_ec_credential(ca_key, ca_cert, "Nguyễn Hữu Phước")).open("pw")
    for signer in (rsa_signer, ec_signer):
        placeholder = asyncio.run(signer.async_sign_raw(b"data", "sha256", dry_run=True))
        real = asyncio.run(signer.async_sign_raw(b"data", "sha256"))
        assert set(placeholder) == {0}
        assert len(real) <= len(placeholder)
    assert len(asyncio.run(rsa_signer.async_sign_raw(b"data", "sha256", dry_run=True))) == 256  # RSA 2048
