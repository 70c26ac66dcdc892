"""Nothing may follow the minutes' signatures except the next signature of the chain (secretary →
chair → agency seal) or a long-term-validation update. An unsigned signature field whose appearance
paints a white box and new text over the conclusions is what pyHanko rates ``form_filling`` and
pdfsig calls "Signature is Valid." (with "Not total document signed"): `minutes verify` must call
it altered, name the revision, and exit 1. Certificates that do not chain to a trust root get their
own verdict and exit status 3 (docs/minutes.md)."""

from __future__ import annotations

import io
import subprocess

from documents.offload import run_cpu_bound
from documents.signing import Appearance, Pkcs12Provider, sign_pdf
from meetings.services import minutes as svc
from meetings.services import minutes_records
from tests.support.minutes import (
    P12_PASSPHRASE,
    closed_meeting_with_signers,
    last_revision,
    overpaint_after_signing,
    pdfsig,
    sign_by_secretary_and_chair,
)

CONCLUSION = "Thông qua Tờ trình 47/TTr-UBND về quản lý đất đai."
OVERLAY = "KET LUAN: KHONG THONG QUA TO TRINH"


def _verify_cli(app, path):
    return app.test_cli_runner().invoke(args=["minutes", "verify", str(path)])


def _text(path) -> str:
    return " ".join(
        subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def test_an_unsigned_overlay_after_the_chair_makes_the_minutes_invalid(app, store, tmp_path):
    meeting, secretary, chair, _member = closed_meeting_with_signers()
    genuine = tmp_path / "bien-ban.pdf"
    genuine.write_bytes(sign_by_secretary_and_chair(meeting, secretary, chair, CONCLUSION))
    result = _verify_cli(app, genuine)
    assert result.exit_code == 0, result.output
    assert "RESULT: all 2 signature(s) intact and valid" in result.output
    assert "CHANGED AFTER SIGNING" not in result.output
    output = pdfsig(genuine)
    assert output.count("Signature is Valid.") >= 2, output

    altered = tmp_path / "bien-ban-sua.pdf"
    altered.write_bytes(overpaint_after_signing(genuine.read_bytes(), "47/TTr-UBND", OVERLAY))
    assert OVERLAY in _text(altered)  # the page now says something else
    revision = last_revision(altered.read_bytes())
    assert revision == last_revision(genuine.read_bytes()) + 1
    # poppler: both signatures still "valid", but neither covers the whole file
    output = pdfsig(altered)
    assert output.count("Signature is Valid.") == 2 and output.count("Not total document signed") == 2, output

    result = _verify_cli(app, altered)
    assert result.exit_code == 1, result.output
    assert (
        f"Biên bản đã bị thay đổi sau khi ký: lần cập nhật thứ {revision} của tệp, sau chữ ký của "
        f"Nguyễn Văn Chủ, không phải là chữ ký của biên bản mà thêm hoặc sửa trường «SuaDoi»"
    ) in result.output
    assert f"NOT allowed: revision {revision}" in result.output
    assert "RESULT: NOT VALID" in result.output and "intact and valid" not in result.output


def test_an_overlay_between_the_secretary_and_the_chair_is_found(app, store):
    """The chair signs a file that was changed after the secretary signed: the chair's signature is
    intact, but the secretary's does not cover what the page shows."""
    meeting, secretary, chair, _member = closed_meeting_with_signers()
    svc.save_draft(secretary, meeting, number="15/BB-UBND", conclusions={meeting.agenda_items[0].id: CONCLUSION})
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    first = minutes_records.read_signed_revision(minutes_records.latest_signed(meeting.id))
    overlaid = overpaint_after_signing(first, "47/TTr-UBND", OVERLAY)
    signer = minutes_records.signer_provider(chair).open(P12_PASSPHRASE)
    both = run_cpu_bound(sign_pdf, overlaid, signer, "ChuToa", Appearance(chair.full_name, "Chủ tọa", "10:45"))

    report = svc.verify_bytes(both)
    assert report.verdict == "invalid" and not report.ok
    (finding,) = report.findings
    assert finding.revision == last_revision(overlaid)
    assert finding.message.startswith(
        f"Biên bản đã bị thay đổi sau khi ký: lần cập nhật thứ {finding.revision} của tệp, sau chữ ký của Lê Hoàng Nam,"
    )
    secretary_sig, chair_sig = report.signatures
    assert (secretary_sig.field, chair_sig.field) == ("ThuKy", "ChuToa")
    assert secretary_sig.intact and secretary_sig.altered_after == finding.revision and not secretary_sig.ok
    assert chair_sig.intact and chair_sig.altered_after is None


def test_a_fourth_signature_outside_the_chain_is_a_change_after_signing(app, store):
    """A valid signature by someone with a good certificate, in a field of its own after the chair's
    (its stamp can cover the text too), is not part of the minutes' signing chain."""
    from demo.ca import issue_demo_credential

    meeting, secretary, chair, member = closed_meeting_with_signers()
    signed = sign_by_secretary_and_chair(meeting, secretary, chair, CONCLUSION)
    issue_demo_credential(member, P12_PASSPHRASE)
    signer = minutes_records.signer_provider(member).open(P12_PASSPHRASE)
    extra = run_cpu_bound(
        sign_pdf,
        signed,
        signer,
        "XacNhan",
        Appearance(member.full_name, "Ủy viên", "11:00"),
        new_field=(0, (60.0, 300.0, 500.0, 360.0)),
    )
    report = svc.verify_bytes(extra)
    assert report.verdict == "invalid" and all(s.intact and s.valid for s in report.signatures)
    (finding,) = report.findings
    assert finding.kind == "out-of-chain" and finding.revision == last_revision(extra)
    assert (
        f"là chữ ký của {member.full_name} ở trường «XacNhan», không đúng chuỗi ký của biên bản "
        "(thư ký → chủ tọa → dấu cơ quan)"
    ) in finding.message


def test_a_chain_signature_that_also_adds_a_visible_field_is_a_change():
    """The chair's revision may fill ChuToa and nothing else: adding a painted field in the same
    revision is caught, and the secretary's signature no longer vouches for what the page shows."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner

    from documents.credentials import cert_pem, create_demo_ca, issue_demo_certificate, to_pkcs12
    from documents.minutes_pdf import SIGNING_CHAIN, render_minutes_pdf
    from documents.signing import verify_pdf
    from tests.documents.test_minutes_pdf import _doc

    ca_key, ca = create_demo_ca()
    signers = [
        Pkcs12Provider(to_pkcs12(*issue_demo_certificate(ca_key, ca, name), [ca], "pw")).open("pw")
        for name in ("Lê Hoàng Nam", "Nguyễn Văn Chủ")
    ]
    first = run_cpu_bound(
        sign_pdf,
        run_cpu_bound(render_minutes_pdf, _doc(1, 1)),
        signers[0],
        "ThuKy",
        Appearance("Lê Hoàng Nam", "Thư ký", "10:45"),
    )

    def chair_signs_and_adds_a_field(data: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        fields.append_signature_field(writer, fields.SigFieldSpec("SuaDoi", on_page=0, box=(60, 300, 500, 360)))
        out = io.BytesIO()
        PdfSigner(
            PdfSignatureMetadata(field_name="ChuToa", subfilter=fields.SigSeedSubFilter.PADES), signers[1]
        ).sign_pdf(writer, existing_fields_only=True, output=out)
        return out.getvalue()

    both = run_cpu_bound(chair_signs_and_adds_a_field, first)
    report = run_cpu_bound(verify_pdf, both, [cert_pem(ca)], SIGNING_CHAIN)
    assert report.verdict == "invalid" and all(s.intact and s.valid for s in report.signatures)
    (finding,) = report.findings
    assert finding.kind == "extra-changes" and finding.revision == last_revision(both)
    assert finding.message == (
        f"Biên bản đã bị thay đổi sau khi ký: lần cập nhật thứ {finding.revision} của tệp, "
        "sau chữ ký của Lê Hoàng Nam, là chữ ký của Nguyễn Văn Chủ nhưng ngoài ô ký «ChuToa» "
        "còn thêm hoặc sửa trường «SuaDoi» (hình hiển thị của trường có thể che và thay chữ "
        "trên trang)."
    )
    assert [s.altered_after for s in report.signatures] == [finding.revision, None]


def test_a_validation_data_update_after_the_chair_keeps_the_minutes_valid(app, store, tmp_path):
    """Long-term validation (a DSS with the certificates, as a PAdES B-LT update adds) is allowed."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    meeting, secretary, chair, _member = closed_meeting_with_signers()
    signed = sign_by_secretary_and_chair(meeting, secretary, chair, CONCLUSION)
    ((_type, _headers, der),) = pem.unarmor(minutes_records.trust_roots_pem()[-1], multiple=True)

    def add_dss(data: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        DocumentSecurityStore.supply_dss_in_writer(writer, None, certs=[asn1_x509.Certificate.load(der)])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    path = tmp_path / "ltv.pdf"
    path.write_bytes(run_cpu_bound(add_dss, signed))
    assert last_revision(path.read_bytes()) == last_revision(signed) + 1
    result = _verify_cli(app, path)
    assert result.exit_code == 0, result.output
    assert "CHANGED AFTER SIGNING" not in result.output


def test_minutes_from_an_untrusted_ca_have_their_own_verdict_and_exit_status(app, tmp_path):
    from documents.credentials import create_demo_ca, issue_demo_certificate, to_pkcs12
    from documents.minutes_pdf import render_minutes_pdf
    from tests.documents.test_minutes_pdf import _doc

    ca_key, ca = create_demo_ca()  # not a trust root of the product
    pdf = run_cpu_bound(render_minutes_pdf, _doc(1, 1))
    for field, name in (("ThuKy", "Lê Hoàng Nam"), ("ChuToa", "Nguyễn Văn Chủ")):
        key, cert = issue_demo_certificate(ca_key, ca, name)
        signer = Pkcs12Provider(to_pkcs12(key, cert, [ca], "pw")).open("pw")
        pdf = run_cpu_bound(sign_pdf, pdf, signer, field, Appearance(name, "Ký", "10:45"))
    path = tmp_path / "la.pdf"
    path.write_bytes(pdf)
    with app.app_context():
        assert svc.verify_bytes(pdf).verdict == "untrusted"
    result = _verify_cli(app, path)
    assert result.exit_code == 3, result.output
    assert "KẾT QUẢ: 2 chữ ký nguyên vẹn nhưng chứng thư không được tin cậy" in result.output
    assert "RESULT: 2 signature(s) intact, but a certificate is NOT TRUSTED" in result.output
    assert result.output.count("tin cậy / trusted: không / no") == 2
