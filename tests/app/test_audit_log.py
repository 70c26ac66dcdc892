"""The tamper-evident audit log (app/audit.py): a chain that ``audit verify`` checks, broken by any
single edit, deletion or swap of rows, and kept whole by concurrent appends."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.audit import entry_hash, record, verify_chain
from app.extensions import db
from app.models import AuditEntry
from tests.support.factories import create_user


def _chain(n=5):
    admin = create_user(role="admin")
    entries = [
        record("user.update", actor=admin, target=f"user{i}", address="10.0.0.1", field="unit") for i in range(n)
    ]
    return admin, entries


def _sql(statement, **params):
    db.session.execute(sa.text(statement), params)


def test_an_untouched_chain_verifies_and_links_each_entry_to_the_one_before(app):
    admin, entries = _chain()
    assert [e.seq for e in entries] == list(range(entries[0].seq, entries[0].seq + 5))
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.hash == entry_hash(after)
    assert entries[0].actor_login == admin.login and entries[0].address == "10.0.0.1"
    report = verify_chain()
    assert report.ok and report.entries >= 5


def test_an_edited_entry_is_found_by_its_sequence_number(app):
    _, entries = _chain()
    _sql("UPDATE audit_entries SET target = 'someone-else' WHERE seq = :s", s=entries[2].seq)
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == entries[2].seq and "edited" in report.reason


def test_an_entry_edited_with_its_hash_recomputed_breaks_the_next_link(app):
    _, entries = _chain()
    victim = db.session.get(AuditEntry, entries[1].id)
    victim.details = '{"field":"password"}'
    victim.hash = entry_hash(victim)
    db.session.flush()
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == entries[2].seq


def test_a_deleted_entry_is_found(app):
    _, entries = _chain()
    _sql("DELETE FROM audit_entries WHERE seq = :s", s=entries[3].seq)
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == entries[3].seq and "missing" in report.reason


def test_entries_cut_off_the_end_are_found(app):
    _, entries = _chain()
    _sql("DELETE FROM audit_entries WHERE seq >= :s", s=entries[3].seq)
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == entries[3].seq


def test_two_swapped_entries_are_found(app):
    _, entries = _chain()
    a, b = entries[1].seq, entries[2].seq
    # swap the two rows' places in the sequence (their content stays, as a reordering would)
    _sql("UPDATE audit_entries SET seq = -1 WHERE seq = :a", a=a)
    _sql("UPDATE audit_entries SET seq = :a WHERE seq = :b", a=a, b=b)
    _sql("UPDATE audit_entries SET seq = :b WHERE seq = -1", b=b)
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == a


def test_audit_verify_exits_non_zero_with_the_first_bad_sequence_number(app):
    _, entries = _chain(3)
    runner = app.test_cli_runner()
    good = runner.invoke(args=["audit", "verify"])
    assert good.exit_code == 0, good.output
    assert "nguyên vẹn" in good.output
    _sql("UPDATE audit_entries SET action = 'user.create' WHERE seq = :s", s=entries[1].seq)
    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code == 1
    assert f"số thứ tự {entries[1].seq}" in bad.output


def test_the_same_predecessor_cannot_be_claimed_twice(app):
    _, entries = _chain(2)
    twin = AuditEntry(
        seq=entries[-1].seq + 100, at=entries[-1].at, action="x", prev_hash=entries[-1].prev_hash, hash="0" * 64
    )
    db.session.add(twin)
    with pytest.raises(sa.exc.IntegrityError):
        with db.session.begin_nested():
            db.session.flush()


def test_concurrent_appends_form_one_chain(tmp_path, s3_settings):
    """Four threads, each with its own connection and transactions, append at once."""
    from flask_migrate import upgrade

    from app import create_app
    from tests.support.databases import fresh_database

    with fresh_database(tmp_path, "audit_chain") as url:
        app = create_app("testing", dict(s3_settings.as_config(), DATABASE_URL=url, INSTANCE_DIR=str(tmp_path)))
        with app.app_context():
            upgrade()
        errors = []
        start = threading.Barrier(4)

        def append(worker):
            try:
                with app.app_context():
                    start.wait()
                    for i in range(15):
                        record("test.append", target=f"w{worker}-{i}")
                        db.session.commit()
            except Exception as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=append, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with app.app_context():
            report = verify_chain()
            seqs = db.session.scalars(sa.select(AuditEntry.seq).order_by(AuditEntry.seq)).all()
            db.engine.dispose()
        assert errors == []
        assert report.ok and report.entries == 60
        assert seqs == list(range(1, 61))


def test_document_uploads_and_downloads_enter_the_chain_with_who_and_where(app):
    from tests.conftest import login
    from tests.support.factories import create_document, create_meeting

    secretary, member = create_user(), create_user()
    meeting = create_meeting({secretary: "secretary", member: "member"})
    document = create_document(meeting, secretary, pages=1, title="Báo cáo quý")
    reader = app.test_client()
    login(reader, member)
    assert reader.get(f"/documents/{document.id}/download").status_code == 200
    rows = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.actor_login, AuditEntry.address).where(
            AuditEntry.target == f"document:{document.id}"
        )
    ).all()
    assert ("document.upload", secretary.login, "") in rows
    assert ("document.download", member.login, "127.0.0.1") in rows
    assert verify_chain().ok


def test_signing_and_verifying_the_minutes_enter_the_chain(app, store):
    import hashlib
    import io

    from tests.conftest import login
    from tests.support.minutes import (
        closed_meeting_with_signers,
        flip,
        page_content_offset,
        sign_by_secretary_and_chair,
    )

    meeting, secretary, chair, _member = closed_meeting_with_signers(documents=False)
    data = sign_by_secretary_and_chair(meeting, secretary, chair)
    archivist = create_user(role="archivist")
    client = app.test_client()
    login(client, archivist)
    for pdf in (data, flip(data, page_content_offset(data))):
        response = client.post("/archive/verify", data={"file": (io.BytesIO(pdf), "bien-ban.pdf")})
        assert response.status_code == 200
    rows = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.actor_login, AuditEntry.target, AuditEntry.details)
        .where(AuditEntry.action.like("minutes.%"))
        .order_by(AuditEntry.seq)
    ).all()
    target = f"meeting:{meeting.id}"
    assert [(r.action, r.actor_login, r.target) for r in rows] == [
        ("minutes.sign", secretary.login, target),
        ("minutes.sign", chair.login, target),
        ("minutes.verify", archivist.login, "upload"),
        ("minutes.verify", archivist.login, "upload"),
    ]
    assert (
        f'"sha256":"{hashlib.sha256(data).hexdigest()}"' in rows[2].details and '"verdict":"valid"' in rows[2].details
    )
    assert '"verdict":"invalid"' in rows[3].details
    assert verify_chain().ok
