"""The demo's signed minutes: two PAdES signatures that poppler and pyHanko accept, and that
break (for `minutes verify` and for pdfsig) when any single byte inside a signed range changes."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from documents.credentials import create_demo_ca, decrypt_secret, issue_demo_certificate, to_pkcs12
from documents.signing import Pkcs12Provider, SigningError, verify_pdf
from tests.support.minutes import contents_offsets, flip, page_content_offset, pdfsig, signing_time_offsets
from tests.support.rollback import rolled_back

DEMO_TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


@pytest.fixture(scope="module")
def demo(app, tmp_path_factory):
    from demo.ca import DEMO_CA_CERT_KEY
    from demo.minutes import sign_demo_minutes
    from demo.seed import seed_demo
    from documents.storage import get_store
    from meetings.models import Meeting, MinutesState
    from meetings.services.minutes import get_draft
    from meetings.services.minutes_records import latest_signed, read_signed_revision, seal_of

    with rolled_back(app) as session:
        assert seed_demo(app.config["DEMO_PASSWORD"])
        meeting = session.scalar(sa.select(Meeting).where(Meeting.title == DEMO_TITLE))
        record = latest_signed(meeting.id)
        data = read_signed_revision(record)
        again = sign_demo_minutes(app.config["DEMO_PASSWORD"])  # idempotent
        seal = seal_of(meeting.body)
        facts = SimpleNamespace(
            seal_keeper=seal.uploaded_by.login if seal else None,
            pdf=data,
            ca=get_store().read_bytes(DEMO_CA_CERT_KEY),
            signatures=record.signatures,
            state=get_draft(meeting).state,
            again=again,
            times=(meeting.starts_at, meeting.ends_at, meeting.started_at, meeting.ended_at),
            revisions=session.scalar(
                sa.select(sa.func.count()).select_from(type(record)).where(type(record).meeting_id == meeting.id)
            ),
        )
        assert facts.state == MinutesState.signed
    path = tmp_path_factory.mktemp("demo-minutes") / "bien-ban.pdf"
    path.write_bytes(facts.pdf)
    facts.path = path
    return facts


def _verify_cli(app, path):
    return app.test_cli_runner().invoke(args=["minutes", "verify", str(path)])


def test_demo_minutes_are_signed_by_secretary_then_chair(demo):
    assert demo.signatures == 2 and demo.revisions == 2 and demo.again is False
    assert demo.seal_keeper == "luutru"  # the văn thư keeps the body's seal credential, unused in the demo
    output = pdfsig(demo.path)
    assert output.count("Signature Validation: Signature is Valid.") == 2, output
    assert "Digest Mismatch" not in output
    fields = [line.split(":", 1)[1].strip() for line in output.splitlines() if "Signature Field Name" in line]
    assert fields == ["ThuKy", "ChuToa"]
    assert "Lê Hoàng Nam" in output  # the secretary's certificate, then the chair's
    assert output.index("Lê Hoàng Nam") < output.index("Signature #2")


def test_pyhanko_validates_the_demo_minutes_against_the_demo_ca(demo):
    report = verify_pdf(demo.pdf, [demo.ca])
    assert report.ok and report.trusted
    first, second = report.signatures
    assert first.coverage == "entire_revision" and first.modifications == "form_filling"
    assert second.coverage == "entire_file"
    assert first.signing_time <= second.signing_time
    # the same file is not trusted without the demo CA
    untrusted = verify_pdf(demo.pdf, [])
    assert untrusted.ok and not untrusted.trusted


def test_text_of_demo_minutes_has_exact_vietnamese(demo):
    text = subprocess.run(["pdftotext", str(demo.path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "BIÊN BẢN" in flat and DEMO_TITLE in flat
    assert "Số: 15/BB-UBND" in flat
    assert "Vắng mặt" in flat and "Đi công tác tại Tỉnh" in flat
    assert "Có mặt: - " in flat and "(lý do: Đi công tác tại Tỉnh)." in flat  # each list's last line ends with "."
    assert "DỰ THẢO" not in flat  # the signed minutes are the official text, not a draft
    assert "Ký bởi: Lê Hoàng Nam" in flat  # the visible signature, in NotoSans
    # the times it was really held (in 2020, as scheduled), not when the demo was seeded
    assert "Thời gian bắt đầu: 07 giờ 30 phút, ngày 26 tháng 03 năm 2020." in flat
    assert "Cuộc họp kết thúc vào 10 giờ 45, ngày 26 tháng 03 năm 2020./." in flat
    scheduled_start, scheduled_end, started_at, ended_at = demo.times
    assert (started_at, ended_at) == (scheduled_start, scheduled_end) and started_at.year == 2020
    counted = re.search(r"có mặt (\d+)/(\d+) thành viên; vắng 1 thành viên \(có lý do\)\.", flat)
    assert counted and int(counted[1]) == int(counted[2]) - 1


def test_verify_cli_accepts_the_demo_minutes(app, demo):
    result = _verify_cli(app, demo.path)
    assert result.exit_code == 0, result.output
    assert "RESULT: all 2 signature(s) intact and valid" in result.output
    assert "tin cậy / trusted: có / yes" in result.output
    assert result.output.count("Toàn vẹn / Intact: có / yes; hợp lệ / valid: có / yes;") == 2


def test_verify_cli_does_not_call_an_altered_signature_valid(app, demo, tmp_path):
    """A changed page: both signatures lose integrity; their validity and trust are not assessed
    (as on the web page), never "valid: yes", and the exit status says it failed."""
    path = tmp_path / "altered.pdf"
    path.write_bytes(flip(demo.pdf, page_content_offset(demo.pdf)))
    result = _verify_cli(app, path)
    assert result.exit_code == 1, result.output
    verdicts = [line.strip() for line in result.output.splitlines() if "Toàn vẹn / Intact" in line]
    assert (
        verdicts
        == [
            "Toàn vẹn / Intact: KHÔNG / NO; hợp lệ / valid: không đánh giá: nội dung đã bị thay đổi / "
            "not assessed: content altered; tin cậy / trusted: không đánh giá / not assessed"
        ]
        * 2
    )
    assert "valid: có" not in result.output and "trusted: có" not in result.output
    assert "RESULT: NOT VALID" in result.output


@pytest.mark.parametrize(
    "where", ["page-content", "first-signature-dict", "first-signature-value", "second-signature-dict"]
)
def test_flipping_one_signed_byte_is_detected(app, demo, tmp_path, where):
    data = demo.pdf
    offset = {
        "page-content": lambda: page_content_offset(data),  # in both signatures' ranges
        "first-signature-dict": lambda: signing_time_offsets(data)[0],  # in both ranges
        "first-signature-value": lambda: contents_offsets(data)[0] + 10,  # covered by the second only
        "second-signature-dict": lambda: signing_time_offsets(data)[1],  # covered by the second only
    }[where]()
    path = tmp_path / f"{where}.pdf"
    path.write_bytes(flip(data, offset))
    result = _verify_cli(app, path)
    assert result.exit_code != 0, result.output
    assert "RESULT: NOT VALID" in result.output or "ERROR" in result.output
    output = pdfsig(path)
    assert "Digest Mismatch" in output or "Signature is Invalid" in output, output
    assert output.count("Signature is Valid.") < 2


def test_verify_cli_refuses_unsigned_and_non_pdf_files(app, tmp_path):
    from tests.support.pdfs import make_pdf

    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(make_pdf(1))
    result = _verify_cli(app, unsigned)
    assert result.exit_code == 1 and "không có chữ ký số" in result.output
    text = tmp_path / "note.pdf"
    text.write_bytes(b"not a pdf")
    result = _verify_cli(app, text)
    assert result.exit_code == 2 and "không phải PDF" in result.output


def test_wrong_passphrase_is_refused_clearly():
    ca_key, ca = create_demo_ca()
    key, cert = issue_demo_certificate(ca_key, ca, "Lê Hoàng Nam")
    p12 = to_pkcs12(key, cert, [ca], "dung")
    with pytest.raises(SigningError, match="Mật khẩu chứng thư số không đúng"):
        Pkcs12Provider(p12).open("sai")
    assert Pkcs12Provider(p12).open("dung").signing_cert.subject.native["common_name"] == "Lê Hoàng Nam"


def test_stored_credentials_are_encrypted(app):
    from app.errors import ValidationError
    from documents.credentials import encrypt_secret

    with app.app_context():
        secret = b"\x30\x82PKCS12-bytes"
        token = encrypt_secret(secret)
        assert secret not in token and decrypt_secret(token) == secret
        app.config["SECRET_KEY"], original = "another-secret", app.config["SECRET_KEY"]
        try:
            with pytest.raises(ValidationError, match="tải lên lại"):
                decrypt_secret(token)
        finally:
            app.config["SECRET_KEY"] = original


def test_signing_runs_in_the_gevent_threadpool_under_the_server(tmp_path):
    """Under gevent (the server), run_cpu_bound hands the work to a real OS thread and signing works there."""
    import sys
    import textwrap

    script = textwrap.dedent("""
        from gevent import monkey
        monkey.patch_all()
        import threading
        from gevent import get_hub
        from documents.credentials import create_demo_ca, issue_demo_certificate, to_pkcs12, cert_pem
        from documents.minutes_pdf import layout_minutes
        from documents.offload import run_cpu_bound
        from documents.signing import Appearance, Pkcs12Provider, sign_pdf, verify_pdf
        from tests.documents.test_minutes_pdf import _doc
        from documents.minutes_pdf import render_minutes_pdf
        main = threading.get_native_id()
        assert run_cpu_bound(threading.get_native_id) != main
        ca_key, ca = create_demo_ca()
        key, cert = issue_demo_certificate(ca_key, ca, "Lê Hoàng Nam")
        signer = Pkcs12Provider(to_pkcs12(key, cert, [ca], "pw")).open("pw")
        pdf = run_cpu_bound(render_minutes_pdf, _doc(1, 1))
        signed = run_cpu_bound(sign_pdf, pdf, signer, "ThuKy", Appearance("Lê Hoàng Nam", "Thư ký", "10:45"))
        assert run_cpu_bound(verify_pdf, signed, [cert_pem(ca)]).trusted
        print("OK")
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert result.stdout.strip().endswith("OK"), result.stderr[-2000:]


def test_b_t_signature_with_a_local_rfc3161_timestamp_authority():
    """With a TSA URL the signature carries an RFC 3161 timestamp (PAdES B-T) that verification reports."""
    import threading
    from datetime import datetime, timedelta
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from documents.credentials import cert_pem
    from documents.minutes_pdf import render_minutes_pdf
    from documents.signing import Appearance, sign_pdf
    from tests.documents.test_minutes_pdf import _doc

    ca_key, ca = create_demo_ca()
    now = datetime.now(UTC)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Demo TSA")]))
        .issuer_name(ca.subject)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        key, cert = issue_demo_certificate(ca_key, ca, "Lê Hoàng Nam")
        signer = Pkcs12Provider(to_pkcs12(key, cert, [ca], "pw")).open("pw")
        signed = sign_pdf(
            render_minutes_pdf(_doc(1, 1)),
            signer,
            "ThuKy",
            Appearance("Lê Hoàng Nam", "Thư ký", "10:45"),
            tsa_url=f"http://127.0.0.1:{server.server_port}/",
        )
    finally:
        server.shutdown()
    report = verify_pdf(signed, [cert_pem(ca)])
    assert report.ok and report.trusted
    assert report.signatures[0].timestamped and abs((report.signatures[0].signing_time - now).total_seconds()) < 120


def test_off_loop_work_runs_even_inside_a_running_asyncio_loop():
    """pyHanko's synchronous API calls asyncio.run(); inside a running loop (Playwright's, an
    async host) run_cpu_bound moves the work to a thread instead of failing."""
    import asyncio

    from documents.offload import run_cpu_bound

    def nested():
        return asyncio.run(asyncio.sleep(0, result="ok"))

    async def host():
        return run_cpu_bound(nested)

    assert asyncio.run(host()) == "ok"
