"""The demo's March-2020 minutes read as they were made in 2020 (demo/minutes.py, "Dating"): drafted on
26–27/03/2020, locked on the 27th (the PDF's creation date), signed by the secretary at 09:00 and by
the chair at 10:30 (Vietnam time) — in the PDF (/M, /ModDate, the visible stamps), as pdfsig and
pyHanko read it, in the rows (the audit log says when they were recorded) — with certificates valid then and still today,
so both validators call it valid. What xã Mỹ Thọ does in 2026 keeps today's dates."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from documents.signing import VALID, verify_pdf
from meetings.localtime import LOCAL_TZ
from tests.support.minutes import pdfsig
from tests.support.rollback import rolled_back

TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"
LOCKED = datetime(2020, 3, 27, 8, 40, tzinfo=LOCAL_TZ)
SECRETARY_SIGNED = datetime(2020, 3, 27, 9, 0, tzinfo=LOCAL_TZ)
CHAIR_SIGNED = datetime(2020, 3, 27, 10, 30, tzinfo=LOCAL_TZ)


def _certificate(credential, password):
    from documents.credentials import decrypt_secret, open_pkcs12

    _key, cert, chain = open_pkcs12(decrypt_secret(credential.encrypted_p12), password)
    return cert, chain


@pytest.fixture(scope="module")
def seeded(app, tmp_path_factory):
    from app.audit import verify_chain
    from app.models import User
    from app.models.audit import AuditEntry
    from demo.ca import DEMO_CA_CERT_KEY
    from demo.seed import seed_demo
    from documents.storage import get_store
    from meetings.models import Meeting, MinutesVersion, OpinionBallotRecipient, SignedMinutes
    from meetings.services.minutes import get_draft
    from meetings.services.minutes_records import credential_of, latest_signed, read_signed_revision

    password = app.config["DEMO_PASSWORD"]
    with rolled_back(app) as session:
        started = datetime.now(UTC)
        assert seed_demo(password)
        meeting = session.scalar(sa.select(Meeting).where(Meeting.title == TITLE))
        draft = get_draft(meeting)
        users = {u.login: u for u in session.scalars(sa.select(User))}
        signed_answer = session.scalar(
            sa.select(OpinionBallotRecipient).where(OpinionBallotRecipient.signed_key.is_not(None))
        )
        facts = SimpleNamespace(
            started=started,
            pdf=read_signed_revision(latest_signed(meeting.id)),
            locked_at=draft.locked_at,
            draft_updated_at=draft.updated_at,
            versions=[
                (v.number, v.created_at, v.author.login, bool(v.snapshot["conclusions"]))
                for v in session.scalars(
                    sa.select(MinutesVersion)
                    .where(MinutesVersion.meeting_id == meeting.id)
                    .order_by(MinutesVersion.number)
                )
            ],
            revisions=[
                (r.signatures, r.created_at, r.signed_by.login)
                for r in session.scalars(
                    sa.select(SignedMinutes)
                    .where(SignedMinutes.meeting_id == meeting.id)
                    .order_by(SignedMinutes.signatures)
                )
            ],
            audit=[
                (e.action, e.at, e.actor_login, e.target)
                for e in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq))
            ],
            chain=verify_chain(),
            target=f"meeting:{meeting.id}",
            ca=x509.load_pem_x509_certificate(get_store().read_bytes(DEMO_CA_CERT_KEY)),
            signers={
                login: (_certificate(credential_of(users[login]), password), credential_of(users[login]).created_at)
                for login in ("hcl.thuky", "hcl.chutich", "thuky", "chutich")
            },
            answer=(
                signed_answer.user.login,
                signed_answer.signed_at,
                get_store().read_bytes(signed_answer.signed_key),
            ),
        )
    directory = tmp_path_factory.mktemp("demo-2020")
    facts.path = directory / "bien-ban-2020.pdf"
    facts.path.write_bytes(facts.pdf)
    return facts


def _now_ish(moment: datetime, started: datetime) -> bool:
    return started - timedelta(seconds=5) <= moment <= datetime.now(UTC)


def test_the_pdf_was_created_at_the_lock_and_each_signature_states_its_2020_time(seeded):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.generic_cms import extract_self_reported_ts

    reader = PdfFileReader(io.BytesIO(seeded.pdf), strict=False)
    info = reader.trailer["/Info"]
    assert info["/CreationDate"] == "D:20200327014000Z"  # 08:40 on 27/03/2020, Vietnam time: the lock
    assert info["/ModDate"] == "D:20200327103000+07'00'"  # the chair's signature, the last revision
    signatures = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    assert [s.field_name for s in signatures] == ["ThuKy", "ChuToa"]
    assert [s.sig_object["/M"] for s in signatures] == ["D:20200327090000+07'00'", "D:20200327103000+07'00'"]
    assert [s.self_reported_timestamp for s in signatures] == [SECRETARY_SIGNED, CHAIR_SIGNED]
    # PAdES: no CMS signing-time attribute, so /M is the only time a signature states
    assert [extract_self_reported_ts(s.signer_info) for s in signatures] == [None, None]


def test_the_visible_signatures_say_when_each_one_signed(seeded):
    text = subprocess.run(["pdftotext", str(seeded.path), "-"], capture_output=True, text=True, check=True).stdout
    stamps = re.findall(r"Ký bởi: (.+?)\n.*?Thời gian: (\d\d:\d\d \d\d/\d\d/\d{4})", text, re.S)
    assert stamps == [("Lê Hoàng Nam", "09:00 27/03/2020"), ("Nguyễn Hữu Phước", "10:30 27/03/2020")]


def test_pdfsig_calls_both_signatures_valid_and_dates_them_march_2020(seeded):
    output = pdfsig(seeded.path)
    assert output.count("Signature Validation: Signature is Valid.") == 2, output
    # pdfsig prints the signing time in UTC: 09:00 and 10:30 in Vietnam are 02:00 and 03:30
    assert re.findall(r"Signing Time: (.+)", output) == ["Mar 27 2020 02:00:00", "Mar 27 2020 03:30:00"], output


def test_pyhanko_finds_the_2020_minutes_valid_and_trusted(seeded):
    report = verify_pdf(seeded.pdf, [seeded.ca.public_bytes(serialization.Encoding.PEM)])
    assert report.verdict == VALID, report
    assert [(s.signer, s.signing_time) for s in report.signatures] == [
        ("Lê Hoàng Nam", SECRETARY_SIGNED),
        ("Nguyễn Hữu Phước", CHAIR_SIGNED),
    ]


def test_the_minutes_rows_are_dated_2020_and_the_audit_log_when_recorded(seeded):
    drafted, concluded = datetime(2020, 3, 26, 16, 20, tzinfo=LOCAL_TZ), datetime(2020, 3, 27, 8, 15, tzinfo=LOCAL_TZ)
    assert seeded.versions == [(1, drafted, "hcl.thuky", False), (2, concluded, "hcl.thuky", True)]
    assert (seeded.draft_updated_at, seeded.locked_at) == (concluded, LOCKED)
    assert seeded.revisions == [(1, SECRETARY_SIGNED, "hcl.thuky"), (2, CHAIR_SIGNED, "hcl.chutich")]
    # the audit log is never backdated: it says when this system recorded the signatures
    signed = [
        (at, who) for action, at, who, target in seeded.audit if action == "minutes.sign" and target == seeded.target
    ]
    assert [who for _at, who in signed] == ["hcl.thuky", "hcl.chutich"]
    assert all(_now_ish(at, seeded.started) for at, _who in signed), signed
    assert seeded.chain.ok, seeded.chain
    assert all(_now_ish(at, seeded.started) for _action, at, _who, _target in seeded.audit)


def test_the_2020_signers_certificates_and_the_demo_root_were_valid_then_and_still_are(seeded):
    now = datetime.now(UTC)
    assert seeded.ca.not_valid_before_utc <= datetime(2019, 1, 1, tzinfo=UTC) and seeded.ca.not_valid_after_utc > now
    for login, signed_at in (("hcl.thuky", SECRETARY_SIGNED), ("hcl.chutich", CHAIR_SIGNED)):
        (cert, chain), stored_at = seeded.signers[login]
        assert cert.not_valid_before_utc <= signed_at <= cert.not_valid_after_utc, login
        assert cert.not_valid_after_utc > now, login  # validators check it today (no trusted timestamp)
        assert [c.fingerprint(hashes.SHA256()) for c in chain] == [seeded.ca.fingerprint(hashes.SHA256())]
        assert stored_at < signed_at  # the credential was there before it signed


def test_xa_my_tho_in_2026_keeps_todays_dates(seeded):
    from pyhanko.pdf_utils.reader import PdfFileReader

    for login in ("thuky", "chutich"):  # today's secretary and chair of the commune
        (cert, _chain), stored_at = seeded.signers[login]
        assert _now_ish(cert.not_valid_before_utc + timedelta(days=1), seeded.started - timedelta(seconds=1))
        assert _now_ish(stored_at, seeded.started)
    login, signed_at, pdf = seeded.answer  # the chair's signed answer to the open written ballot
    assert login == "chutich" and _now_ish(signed_at, seeded.started)
    (signature,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    assert _now_ish(signature.self_reported_timestamp, seeded.started.replace(microsecond=0))


def test_the_verify_page_shows_the_2020_signatures_valid_and_trusted(app, client, store):
    """What an archivist sees today on the 2020 minutes' verification page."""
    from html import unescape

    from app.extensions import db
    from app.models import User
    from demo.seed import seed_demo
    from meetings.models import Meeting
    from tests.conftest import login

    assert seed_demo(app.config["DEMO_PASSWORD"])
    db.session.commit()
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == TITLE))
    login(client, db.session.scalar(sa.select(User).where(User.login == "luutru")), app.config["DEMO_PASSWORD"])
    page = client.get(f"/meetings/{meeting.id}/minutes/verify", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-verdict="valid"' in page and "Mọi chữ ký nguyên vẹn và hợp lệ" in page
    rows = re.findall(r"<tr class=\"ok\">(.*?)</tr>", page, re.S)
    cells = [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]
    assert [(c[1].split(" Cấp bởi")[0], c[2], c[5]) for c in cells] == [
        ("Lê Hoàng Nam", "09:00:00 27/03/2020", "Được tin cậy"),
        ("Nguyễn Hữu Phước", "10:30:00 27/03/2020", "Được tin cậy"),
    ]
