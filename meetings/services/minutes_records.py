"""Signed minutes in the object store, signing credentials, and the trust roots for verification.

The meetings package calls these; it never talks to the store or pyHanko itself.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from documents.credentials import certificate_facts, decrypt_secret, encrypt_secret, open_pkcs12
from documents.models import AgencySeal, SigningCredential
from documents.signing import Pkcs12Provider
from documents.storage import get_store
from meetings.models import SignedMinutes

_SEAL_PURPOSE = b"agency-seal"


# -- signed revisions -------------------------------------------------------------------------
def latest_signed(meeting_id: int) -> SignedMinutes | None:
    return db.session.scalar(
        sa.select(SignedMinutes)
        .where(SignedMinutes.meeting_id == meeting_id)
        .order_by(SignedMinutes.signatures.desc())
        .limit(1)
    )


def signature_counts(meeting_ids) -> dict[int, int]:
    """How many signatures the latest signed minutes of each meeting carry (meetings without any are left out)."""
    ids = set(meeting_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(SignedMinutes.meeting_id, sa.func.max(SignedMinutes.signatures))
        .where(SignedMinutes.meeting_id.in_(ids))
        .group_by(SignedMinutes.meeting_id)
    )
    return {meeting_id: count for meeting_id, count in rows}


def store_signed_revision(meeting_id: int, pdf: bytes, signatures: int, signed_by_id: int | None) -> SignedMinutes:
    """Put a signed revision in the store and record it; no orphan bytes if the row fails."""
    key, stored = put_signed_object(meeting_id, pdf, signatures)
    return record_signed_revision(meeting_id, key, stored, signatures, signed_by_id)


def signed_object_key(meeting_id: int, signatures: int) -> str:
    """A new, unused key for a signed revision (each attempt gets its own: nothing is overwritten)."""
    return f"meetings/{meeting_id}/minutes/signed-{signatures}-{uuid.uuid4().hex}.pdf"


def put_signed_object(meeting_id: int, pdf: bytes, signatures: int, key: str | None = None):
    """Put a signed revision's bytes in the store (no database work: done outside any transaction);
    returns its key and what the store says it kept (sha256, size)."""
    store = get_store()
    key = key or signed_object_key(meeting_id, signatures)
    try:
        stored = store.put_stream(key, io.BytesIO(pdf), length=len(pdf), content_type="application/pdf")
    except Exception:
        store.discard(key)  # a store that failed mid-way may still have kept the bytes
        raise
    return key, stored


def discard_signed_object(key: str) -> None:
    get_store().discard(key)


def record_signed_revision(
    meeting_id: int, key: str, stored, signatures: int, signed_by_id: int | None, *, created_at=None
) -> SignedMinutes:
    """Record the revision put at ``key``; if the row cannot be written the object goes. ``created_at``:
    the time the signature states, when a replayed one is recorded (sign_minutes' ``signed_at``)."""
    record = SignedMinutes(
        meeting_id=meeting_id,
        object_key=key,
        sha256=stored.sha256,
        size=stored.size,
        signatures=signatures,
        signed_by_id=signed_by_id,
    )
    if created_at is not None:
        record.created_at = created_at
    db.session.add(record)
    try:
        db.session.flush()
    except sa.exc.IntegrityError as exc:  # someone else signed this slot a moment earlier
        discard_signed_object(key)
        raise ValidationError(
            _("Biên bản vừa được ký bởi người khác; vui lòng tải lại trang."), status_code=409
        ) from exc
    except Exception:
        discard_signed_object(key)
        raise
    return record


def read_signed_revision(record: SignedMinutes) -> bytes:
    """The revision's bytes (a few hundred KB), checked against the recorded sha256."""
    return read_object(record.object_key, record.sha256)


def read_object(key: str, sha256: str) -> bytes:
    """A signed revision's bytes by key, checked against the sha256 its row records."""
    data = get_store().read_bytes(key)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValidationError(
            _("Tệp biên bản trong kho không khớp mã băm đã ghi nhận (có thể đã bị sửa đổi)."), status_code=409
        )
    return data


def known_revision(meeting_id: int, data: bytes) -> SignedMinutes | None:
    digest = hashlib.sha256(data).hexdigest()
    return db.session.scalar(
        sa.select(SignedMinutes).where(SignedMinutes.meeting_id == meeting_id, SignedMinutes.sha256 == digest)
    )


# -- credentials ------------------------------------------------------------------------------
def _keep_encrypted(row, p12: bytes, passphrase: str, purpose: bytes | None = None) -> None:
    """Check the PKCS#12 with its passphrase (then forgotten), store it encrypted with the facts of
    its certificate."""
    _key, cert, _chain = open_pkcs12(p12, passphrase)
    facts = certificate_facts(cert)
    row.encrypted_p12 = encrypt_secret(p12, purpose) if purpose else encrypt_secret(p12)
    for name in row.FACTS:
        setattr(row, name, getattr(facts, name))


def credential_of(user) -> SigningCredential | None:
    return db.session.scalar(sa.select(SigningCredential).where(SigningCredential.user_id == user.id))


def save_credential(actor, user, p12: bytes, passphrase: str) -> SigningCredential:
    """Store ``user``'s PKCS#12 encrypted (only the user may do it for themselves); the
    passphrase is used once to check the file and then forgotten."""
    if actor is None or user is None or actor.id != user.id:
        raise PermissionDenied()
    credential = credential_of(user) or SigningCredential(user_id=user.id)
    _keep_encrypted(credential, p12, passphrase)
    db.session.add(credential)
    db.session.flush()
    return credential


def signer_provider(user) -> Pkcs12Provider:
    credential = credential_of(user)
    if credential is None:
        raise ValidationError(
            _(
                "Bạn chưa có chứng thư số: hãy tải lên tệp PKCS#12 (.p12/.pfx) ở trang "
                "“Chứng thư số của tôi” trước khi ký."
            )
        )
    return Pkcs12Provider(decrypt_secret(credential.encrypted_p12))


# -- the agency seal --------------------------------------------------------------------------
def seal_of(body: str) -> AgencySeal | None:
    """The seal of the body called ``body``: the one attached to the body (``Body.seal_id``), else the
    one uploaded under its name."""
    from app.models import Body

    name = (body or "").strip()
    attached = db.session.scalar(sa.select(Body.seal_id).where(Body.name == name))
    if attached is not None:
        return db.session.get(AgencySeal, attached)
    return db.session.scalar(sa.select(AgencySeal).where(AgencySeal.body == name))


def save_seal(actor, body: str, p12: bytes, passphrase: str) -> AgencySeal:
    """Store the seal credential of ``body`` encrypted (the văn thư — archivist role — does it); the passphrase
    checks the file and is forgotten."""
    from app.permissions import Perm, require_perm

    require_perm(actor, Perm.SEAL_MANAGE)
    body = (body or "").strip()
    if not body or len(body) > 200:
        raise ValidationError(_("Cần ghi tên cơ quan (tối đa 200 ký tự), đúng như trên cuộc họp."))
    seal = seal_of(body) or AgencySeal(body=body)
    _keep_encrypted(seal, p12, passphrase, _SEAL_PURPOSE)
    seal.uploaded_by_id = actor.id
    db.session.add(seal)
    db.session.flush()
    from app.models import Body

    for named in db.session.scalars(sa.select(Body).where(Body.name == body)):
        named.seal = seal  # the body's minutes use it from now on
    db.session.flush()
    return seal


def save_seal_of_body(actor, body_id, p12: bytes, passphrase: str) -> AgencySeal:
    """The seal page's form: the body is picked from the list of bodies (not typed), so the seal is
    attached to exactly that body; an unknown or missing choice is refused before anything is read."""
    from app.models import Body
    from app.permissions import Perm, require_perm

    require_perm(actor, Perm.SEAL_MANAGE)
    body = db.session.get(Body, int(body_id)) if str(body_id or "").isdigit() and len(str(body_id)) < 10 else None
    if body is None:
        raise ValidationError(_("Hãy chọn cơ quan của dấu trong danh sách."))
    return save_seal(actor, body.name, p12, passphrase)


def seal_bodies() -> list:
    """Every body, current ones first (by level, then name), dissolved ones after: the seal page's
    picker — a dissolved district keeps its seal for its records."""
    from app.models import Body

    bodies = db.session.scalars(sa.select(Body).order_by(Body.name)).all()
    return sorted(bodies, key=lambda b: (b.dissolved_on is not None, b.name))


def all_seals() -> list[AgencySeal]:
    return list(db.session.scalars(sa.select(AgencySeal).order_by(AgencySeal.body)))


def seal_provider(body: str) -> Pkcs12Provider:
    seal = seal_of(body)
    if seal is None:
        raise ValidationError(
            _(
                "Chưa có chứng thư số của dấu cơ quan «%(body)s»: văn thư cần tải lên tệp PKCS#12 "
                "của dấu trước khi đóng dấu.",
                body=body,
            )
        )
    return Pkcs12Provider(decrypt_secret(seal.encrypted_p12, _SEAL_PURPOSE))


# -- trust ------------------------------------------------------------------------------------
def trust_roots_pem() -> list[bytes]:
    """PEM certificates trusted for verification: the bundle named by ``SIGNING_TRUST_ROOTS``
    and those kept in the object store under the keys ``SIGNING_TRUST_ROOT_KEYS`` names (outside
    production: the demo CA's certificate, once the demo seed wrote it)."""
    roots = []
    bundle = current_app.config.get("SIGNING_TRUST_ROOTS")
    if bundle:
        roots.append(Path(bundle).read_bytes())
    keys = current_app.config.get("SIGNING_TRUST_ROOT_KEYS") or ()
    if keys:
        store = get_store()
        roots.extend(store.read_bytes(key) for key in keys if store.exists(key))
    return roots
