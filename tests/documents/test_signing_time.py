"""``sign_pdf(signing_time=…)`` (documents/signing_time.py): a signature dated in the past states that
time in /M and the revision's /ModDate, is refused when its certificates were not valid then, and —
without a trusted timestamp — is validated by pyHanko and pdfsig at the present time, not at the time
it states."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from documents.credentials import cert_pem, create_demo_ca, issue_demo_certificate, to_pkcs12
from documents.minutes_pdf import render_minutes_pdf
from documents.signing import VALID, Appearance, Pkcs12Provider, SigningError, sign_pdf, verify_pdf
from meetings.localtime import LOCAL_TZ
from tests.documents.test_minutes_pdf import _doc
from tests.support.minutes import pdfsig

SIGNED = datetime(2020, 3, 27, 9, 0, tzinfo=LOCAL_TZ)


def _signer(ca_key, ca, name: str, valid_from: datetime | None = None):
    key, cert = issue_demo_certificate(ca_key, ca, name, valid_from=valid_from)
    return Pkcs12Provider(to_pkcs12(key, cert, [ca], "pw")).open("pw")


def _signature_times(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    return reader.trailer["/Info"]["/ModDate"], [s.self_reported_timestamp for s in signatures]


def test_a_signing_time_dates_the_signature_and_the_revision_and_a_later_one_is_dated_now():
    ca_key, ca = create_demo_ca(valid_from=datetime(2019, 1, 1, tzinfo=UTC))
    since = datetime(2019, 7, 1, tzinfo=UTC)
    secretary, chair = _signer(ca_key, ca, "Lê Hoàng Nam", since), _signer(ca_key, ca, "Nguyễn Hữu Phước", since)
    pdf = sign_pdf(
        render_minutes_pdf(_doc(1, 1), SIGNED - timedelta(minutes=20)),
        secretary,
        "ThuKy",
        Appearance("Lê Hoàng Nam", "Thư ký", "09:00 27/03/2020"),
        signing_time=SIGNED,
    )
    assert _signature_times(pdf) == ("D:20200327090000+07'00'", [SIGNED])
    before = datetime.now(UTC).replace(microsecond=0)
    pdf = sign_pdf(pdf, chair, "ChuToa", Appearance("Nguyễn Hữu Phước", "Chủ tọa", "now"))  # no time given: now
    mod_date, (first, second) = _signature_times(pdf)
    assert first == SIGNED and before <= second <= datetime.now(UTC)
    assert mod_date[2:6] == str(datetime.now(UTC).year)  # pyHanko's own "now" again
    report = verify_pdf(pdf, [cert_pem(ca)])
    assert report.verdict == VALID and [s.signing_time for s in report.signatures] == [first, second]


@pytest.mark.parametrize("which", ["certificate", "root"])
def test_a_time_the_certificates_did_not_cover_is_refused(which):
    """Issued today (or under a root made today), a certificate cannot have signed in 2020."""
    root_from = datetime(2019, 1, 1, tzinfo=UTC) if which == "certificate" else None
    ca_key, ca = create_demo_ca(valid_from=root_from)
    signer = _signer(ca_key, ca, "Lê Hoàng Nam", None if which == "certificate" else datetime(2019, 7, 1, tzinfo=UTC))
    pdf = render_minutes_pdf(_doc(1, 1))
    with pytest.raises(SigningError, match="không có hiệu lực vào thời điểm ký"):
        sign_pdf(pdf, signer, "ThuKy", Appearance("Lê Hoàng Nam", "Thư ký", "09:00 27/03/2020"), signing_time=SIGNED)
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_pdf(pdf, signer, "ThuKy", Appearance("Lê Hoàng Nam", "Thư ký", "?"), signing_time=datetime(2020, 3, 27))


def test_validators_check_the_certificate_today_not_at_the_time_the_signature_states(tmp_path):
    """A 2015 signature by a certificate valid 2010–2020: it covered the stated time, yet pyHanko
    does not call it valid today (the time is only the signer's word: no trusted timestamp), and
    pdfsig, while the signature's bytes are intact, reports the certificate expired."""
    ca_key, ca = create_demo_ca(valid_from=datetime(2009, 1, 1, tzinfo=UTC))
    signer = _signer(ca_key, ca, "Lê Hoàng Nam", datetime(2010, 1, 1, tzinfo=UTC))
    stated = datetime(2015, 6, 1, 9, 0, tzinfo=LOCAL_TZ)
    pdf = sign_pdf(
        render_minutes_pdf(_doc(1, 1)), signer, "ThuKy", Appearance("Lê Hoàng Nam", "Thư ký", "?"), signing_time=stated
    )
    (signature,) = verify_pdf(pdf, [cert_pem(ca)]).signatures
    assert signature.intact and signature.signing_time == stated
    assert verify_pdf(pdf, [cert_pem(ca)]).verdict != VALID and not signature.trusted
    path = tmp_path / "expired.pdf"
    path.write_bytes(pdf)
    output = pdfsig(path)
    assert "Signature Validation: Signature is Valid." in output, output
    assert re.search(r"Certificate Validation: Certificate has Expired", output), output
