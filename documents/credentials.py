"""Signing credentials: PKCS#12 files kept encrypted at rest, and the development demo CA.

The PKCS#12 a user uploads is encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key
derived with HKDF-SHA256 from the application's ``SECRET_KEY``; the passphrase that protects the
PKCS#12 itself is never stored. Rotating ``SECRET_KEY`` makes stored credentials unreadable:
users then upload them again.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from flask import current_app
from flask_babel import gettext as _

from app.errors import ValidationError

MAX_P12_BYTES = 64 * 1024


def _fernet(purpose: bytes) -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    if not secret:
        raise RuntimeError("SECRET_KEY is required to encrypt signing credentials")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"phonghop", info=purpose).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(data: bytes, purpose: bytes = b"signing-credential") -> bytes:
    return _fernet(purpose).encrypt(data)


def decrypt_fresh(token: bytes, purpose: bytes, ttl: int) -> bytes | None:
    """What :func:`encrypt_secret` sealed for ``purpose`` at most ``ttl`` seconds ago; None when the
    token is older, altered, or sealed with another key or purpose."""
    try:
        return _fernet(purpose).decrypt(token, ttl=ttl)
    except InvalidToken:
        return None


def decrypt_secret(token: bytes, purpose: bytes = b"signing-credential") -> bytes:
    try:
        return _fernet(purpose).decrypt(token)
    except InvalidToken as exc:
        raise ValidationError(
            _("Không giải mã được chứng thư số đã lưu (khóa ứng dụng đã thay đổi); vui lòng tải lên lại tệp PKCS#12.")
        ) from exc


@dataclass(frozen=True)
class CertificateFacts:
    subject: str
    issuer: str
    serial: str
    fingerprint: str
    not_before: datetime
    not_after: datetime
    common_name: str


def certificate_facts(cert: x509.Certificate) -> CertificateFacts:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return CertificateFacts(
        subject=cert.subject.rfc4514_string()[:500],
        issuer=cert.issuer.rfc4514_string()[:500],
        serial=format(cert.serial_number, "x")[:80],
        fingerprint=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        common_name=str(names[0].value) if names else cert.subject.rfc4514_string(),
    )


def open_pkcs12(data: bytes, passphrase: str):
    """(key, certificate, chain) from a PKCS#12; a wrong passphrase or a bad file is a clear 400."""
    if not data:
        raise ValidationError(_("Chưa chọn tệp chứng thư số (.p12/.pfx)."))
    if len(data) > MAX_P12_BYTES:
        raise ValidationError(_("Tệp chứng thư số quá lớn; tệp PKCS#12 thường chỉ vài KB."))
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, (passphrase or "").encode())
    except ValueError as exc:
        raise ValidationError(_("Mật khẩu chứng thư số không đúng hoặc tệp không phải PKCS#12 hợp lệ.")) from exc
    if key is None or cert is None:
        raise ValidationError(_("Tệp PKCS#12 không chứa khóa ký và chứng thư số."))
    return key, cert, list(chain or [])


# -- the development demo CA ------------------------------------------------------------------
DEMO_CA_NAME = "phonghop Demo CA (chỉ dùng thử nghiệm)"


def _name(common_name: str, unit: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND huyện Cao Lãnh (demo)"),
    ]
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit[:64]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(attrs)


def create_demo_ca(now: datetime | None = None, *, valid_from: datetime | None = None):
    """A self-signed root (RSA 2048) for development and tests, valid from ``valid_from`` (default: a
    day before ``now``) until 20 years after ``now``: the demo's root starts before the 2020
    signatures it must cover (demo/ca.py)."""
    now = now or datetime.now(UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name(DEMO_CA_NAME)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_demo_certificate(
    ca_key, ca_cert, full_name: str, unit: str = "", now: datetime | None = None, *, valid_from: datetime | None = None
):
    """A signing certificate for ``full_name`` under the demo CA (RSA 2048, 10 years): from a day
    before ``now``, or issued at ``valid_from`` (a signer of the demo's 2020 minutes) for 10 years
    from then."""
    now = now or datetime.now(UTC)
    start, end = (valid_from, valid_from + timedelta(days=3652)) if valid_from else (now - timedelta(days=1), None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(full_name, unit))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end or now + timedelta(days=365 * 10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def to_pkcs12(key, cert, chain, passphrase: str, friendly_name: str = "phonghop") -> bytes:
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(), key, cert, chain, serialization.BestAvailableEncryption(passphrase.encode())
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
