"""The development demo CA: a root and per-user certificates, kept in the object store (the CA
key encrypted like signing credentials), never in files of the repository. Not for production.

Its certificate is written at ``DEMO_CA_CERT_KEY``; the development and testing configurations
name that key in ``SIGNING_TRUST_ROOT_KEYS``, so verification trusts the demo CA there and only
there (production names no key). The product itself knows nothing of this module."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from app.config import DEMO_CA_CERT_KEY  # trusted by development and testing (SIGNING_TRUST_ROOT_KEYS)
from app.extensions import db
from documents.credentials import (
    cert_pem,
    create_demo_ca,
    decrypt_secret,
    encrypt_secret,
    issue_demo_certificate,
    key_pem,
    to_pkcs12,
)
from documents.storage import get_store
from meetings.services.minutes_records import credential_of, save_credential, save_seal, seal_of

DEMO_CA_KEY_KEY = "pki/demo-ca-key.enc"
DEMO_CA_VALID_FROM = datetime(2019, 1, 1, tzinfo=UTC)  # before the demo's oldest signature (March 2020)
_PURPOSE = b"demo-ca-key"
log = logging.getLogger(__name__)


def ensure_demo_ca(covering: datetime | None = None):
    """(key, certificate) of the demo CA, created (valid from :data:`DEMO_CA_VALID_FROM`) and stored
    on first use. With ``covering``, a stored root that was not yet valid then — made before the demo
    dated its 2020 signatures, left in a store whose database was reset — is replaced by a new one."""
    store = get_store()
    if store.exists(DEMO_CA_CERT_KEY) and store.exists(DEMO_CA_KEY_KEY):
        cert = x509.load_pem_x509_certificate(store.read_bytes(DEMO_CA_CERT_KEY))
        key = serialization.load_pem_private_key(decrypt_secret(store.read_bytes(DEMO_CA_KEY_KEY), _PURPOSE), None)
        if covering is None or cert.not_valid_before_utc <= covering:
            return key, cert
        log.warning(
            "the stored demo CA starts %s, after %s: a new demo CA replaces it", cert.not_valid_before_utc, covering
        )
    key, cert = create_demo_ca(valid_from=DEMO_CA_VALID_FROM)
    encrypted = encrypt_secret(key_pem(key), _PURPOSE)
    store.put_stream(DEMO_CA_KEY_KEY, io.BytesIO(encrypted), length=len(encrypted))
    pem = cert_pem(cert)
    store.put_stream(DEMO_CA_CERT_KEY, io.BytesIO(pem), length=len(pem), content_type="application/x-pem-file")
    return key, cert


def issue_demo_credential(user, passphrase: str, replace: bool = False, *, issued_at: datetime | None = None):
    """Give ``user`` a demo certificate as a stored PKCS#12 protected by ``passphrase``; with
    ``issued_at`` (a signer of the 2020 minutes) the certificate is valid from then, for 10 years,
    and the credential's row says it was stored then."""
    existing = credential_of(user)
    if existing is not None and not replace:
        return existing
    ca_key, ca_cert = ensure_demo_ca(covering=issued_at)
    key, cert = issue_demo_certificate(ca_key, ca_cert, user.full_name, user.unit, valid_from=issued_at)
    credential = save_credential(user, user, to_pkcs12(key, cert, [ca_cert], passphrase, user.login), passphrase)
    if issued_at is not None:
        credential.created_at = issued_at
        db.session.flush()
    return credential


def issue_demo_seal(actor, body: str, passphrase: str):
    """Give ``body`` a demo seal certificate (stored by ``actor``, who must be the văn thư: archivist role)."""
    seal = seal_of(body)
    if seal is None:
        ca_key, ca_cert = ensure_demo_ca()
        key, cert = issue_demo_certificate(ca_key, ca_cert, body, "Dấu cơ quan")
        seal = save_seal(actor, body, to_pkcs12(key, cert, [ca_cert], passphrase, "dau-co-quan"), passphrase)
    _attach(seal, body)
    return seal


def _attach(seal, name: str) -> None:
    """Attach the seal to the body of that name (``Body.seal_id``), if there is such a body: its
    minutes then carry its own seal (the district's 2020 ones, xã Mỹ Thọ's 2026 ones)."""
    from app.models import Body

    db.session.flush()
    body = db.session.scalar(sa.select(Body).where(Body.name == name))
    if body is not None and body.seal_id is None:
        body.seal_id = seal.id
        db.session.flush()
