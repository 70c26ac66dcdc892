"""PAdES signing and verification of minutes PDFs with pyHanko.

Signing
    :func:`sign_pdf` adds one PAdES signature (B-B; B-T when a TSA URL is given) into an existing
    empty signature field as an incremental update, so earlier signatures stay valid. The visible
    appearance (signer, title, time) is drawn with Noto Sans through pyHanko's OpenType engine,
    which renders Vietnamese correctly, wrapped and sized to fit the field's box
    (documents/signature_stamp.py). It is dated now, or — replaying history, never at a client's
    request — at a given ``signing_time`` (documents/signing_time.py).

Signer providers
    A :class:`SignerProvider` turns a secret the user types (passphrase, PIN) into a pyHanko
    ``Signer``. :class:`Pkcs12Provider` opens an uploaded PKCS#12. A PKCS#11 token (USB token of
    a Vietnamese CA, an HSM) is added by writing a provider whose ``open(pin)`` returns
    ``pyhanko.sign.pkcs11.PKCS11Signer(session, cert_label=…, key_label=…)`` after
    ``pyhanko.sign.pkcs11.open_pkcs11_session(lib_location, token_label=…, user_pin=pin)``;
    nothing else changes, since :func:`sign_pdf` only needs a pyHanko ``Signer``.

Verification
    :func:`verify_pdf` validates every embedded signature against the given trust roots and
    returns a :class:`VerificationReport` (signer, time, coverage, integrity, trust); it never
    raises on a damaged file, it reports it. With a signing ``chain`` (the minutes' is
    ``documents.minutes_pdf.SIGNING_CHAIN``) every revision after the first signature must be
    the next signature of that chain (filling its own field only) or a long-term-validation update;
    anything else is a :class:`~documents.signature_revisions.RevisionFinding` and makes the report
    invalid. The report's :attr:`VerificationReport.verdict` is ``valid`` (intact, valid, nothing
    disallowed after signing, every certificate trusted), ``untrusted`` (all that, but some
    certificate does not chain to a trust root) or ``invalid``.

CPU work (~0.3–0.6 s per signature) must not block the gevent loop: callers use
:func:`documents.offload.run_cpu_bound`.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from documents.signature_revisions import RevisionFinding, review_revisions

log = logging.getLogger(__name__)

STAMP_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/noto/NotoSans-Regular.ttf"),
)


class SigningError(Exception):
    """Signing could not be done; ``str()`` is a message for the user (Vietnamese)."""


# -- providers --------------------------------------------------------------------------------
class SignerProvider(Protocol):
    def open(self, secret: str):
        """Return a ``pyhanko.sign.signers.Signer`` unlocked with ``secret``, or raise SigningError."""


class Pkcs12Provider:
    """A PKCS#12 (key + certificate + chain), unlocked by its passphrase."""

    def __init__(self, p12: bytes):
        self.p12 = p12

    def open(self, secret: str):
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        try:
            key, cert, chain = pkcs12.load_key_and_certificates(self.p12, (secret or "").encode())
        except ValueError as exc:
            raise SigningError("Mật khẩu chứng thư số không đúng.") from exc
        if key is None or cert is None:
            raise SigningError("Tệp PKCS#12 không chứa khóa ký và chứng thư số.")
        der = serialization.Encoding.DER
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        certs = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in chain or []]
        return _loaded_key_signer_class()(
            private_key=key,
            signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs(certs),
        )


@lru_cache(maxsize=1)
def _loaded_key_signer_class():
    """pyHanko's ``SimpleSigner`` keeping the key it was opened with (pyHanko is imported lazily).

    ``SimpleSigner.sign_raw`` parses the private key from DER at every signature, and pyHanko signs
    twice per PDF: once as a dry run, only to measure how much room the signature needs, then for
    real. For an RSA key each parse re-checks the key (cryptography's RSA consistency check), ~40–80
    ms, so a signature paid two parses and one signature it threw away (cProfile, issue 11). Here
    the dry run returns placeholder bytes of the signature's exact length for RSA (its maximum for
    ECDSA) — what pyHanko's own PKCS#11 signer does — and the real signature uses the key object
    ``pkcs12`` already loaded. Any other key type is signed by pyHanko itself, unchanged."""
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class LoadedKeySigner(SimpleSigner):
        def __init__(self, *, private_key, **kwargs):
            super().__init__(**kwargs)
            self._private_key = private_key

        def _mechanism(self, digest_algorithm: str) -> str:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                return mechanism.signature_algo
            except ValueError:
                return mechanism["algorithm"].native

        def _placeholder_size(self, digest_algorithm: str) -> int | None:
            key, mechanism = self._private_key, self._mechanism(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return (key.key_size + 7) // 8
            if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                # DER SEQUENCE of two INTEGERs, each at most one byte longer than the curve's order
                return 2 * ((key.curve.key_size + 7) // 8 + 1) + 8
            return None

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
            if dry_run and (size := self._placeholder_size(digest_algorithm)) is not None:
                return bytes(size)
            return self.sign_raw(data, digest_algorithm)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            key, mechanism = self._private_key, self._mechanism(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
                return key.sign(data, signature_algorithm=ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
            return super().sign_raw(data, digest_algorithm)

    return LoadedKeySigner


# -- signing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Appearance:
    signer_name: str
    title: str
    when: str  # already formatted in local time, e.g. "10:45 26/03/2020"


def stamp_font(text: str = "") -> Path:
    """NotoSans for the stamp: the cut-down copy below when it has every character of ``text``,
    else the whole font."""
    for path in STAMP_FONT_CANDIDATES:
        if path.is_file():
            if all(any(low <= ord(ch) <= high for low, high in STAMP_UNICODES) for ch in text.replace("\n", "")):
                return _stamp_subset(path, path.stat().st_mtime_ns)
            return path
    raise SigningError("Thiếu phông chữ NotoSans để vẽ chữ ký (cài gói Debian fonts-noto-core).")


# What a Vietnamese signer's name, title and the time are written in: Latin with every Vietnamese
# letter, combining marks, punctuation and currency signs. Text with anything else (a name in
# Cyrillic…) is set in the whole font.
STAMP_UNICODES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF))


@lru_cache(maxsize=2)
def _stamp_subset(source: Path, _mtime_ns: int) -> Path:
    """NotoSans cut down once per process to the scripts above, in a directory of this process's
    own (``mkdtemp``: mode 0700, so nobody else can put a font there first). pyHanko subsets the stamp's font for every signature and reads
    the whole font's layout tables (GSUB/GPOS) each time: with the full NotoSans (~500 KB, every
    script) that was ~70 % of a signature's CPU (pyinstrument/cProfile, issue 11); with this font,
    a fraction. Same glyphs, metrics and layout features for the kept characters, so the same stamp."""
    import tempfile

    from fontTools import subset

    target = Path(tempfile.mkdtemp(prefix="phonghop-stamp-font-")) / source.name
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for low, high in STAMP_UNICODES for u in range(low, high + 1)])
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    return target


def _field_size(writer, field_name: str) -> tuple[float, float] | None:
    """Width and height (points) of the signature field's widget, if the PDF has the field."""
    from pyhanko.sign.fields import enumerate_sig_fields

    for _name, _value, ref in enumerate_sig_fields(writer, with_name=field_name):
        field = ref.get_object()
        widget = field if "/Rect" in field else field["/Kids"][0].get_object()
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        return abs(x2 - x1), abs(y2 - y1)
    return None


def _stamp(appearance: Appearance, size: tuple[float, float] | None):
    """The stamp style and its text, laid out for the field's box (documents/signature_stamp.py)."""
    from documents.signature_stamp import layout_stamp, stamp_style

    font = stamp_font(appearance.signer_name + appearance.title + appearance.when)
    layout = layout_stamp(font, appearance.signer_name, appearance.title, appearance.when, size or (200.0, 90.0))
    return stamp_style(font, layout), layout.text


def sign_pdf(
    pdf: bytes,
    signer,
    field_name: str,
    appearance: Appearance,
    *,
    reason: str = "",
    location: str = "",
    tsa_url: str | None = None,
    new_field: tuple[int, tuple[float, float, float, float]] | None = None,
    signing_time: datetime | None = None,
) -> bytes:
    """Sign the empty field ``field_name`` of ``pdf``; returns the PDF with one more revision.
    With ``new_field`` (0-based page, box in points) the field is created by that same revision
    (the agency seal, which the minutes do not reserve a field for). ``signing_time`` (aware) dates
    the signature (/M) and the revision's /ModDate instead of now, and is refused unless the
    certificates were valid then (documents/signing_time.py). It replays recorded history (the demo
    seed) and is never taken from a client: no route, form, API or socket passes one."""
    from pyhanko.sign import fields
    from pyhanko.sign.signers import PdfSignatureMetadata

    from documents.signing_time import check_certificates_at, incremental_writer, pdf_signer_class

    timestamper = None
    if tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa_url, timeout=10)
    meta = PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=appearance.signer_name,
    )
    spec = None
    if new_field is not None:
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=new_field[0], box=new_field[1])
    if signing_time is not None:
        check_certificates_at(signer, signing_time)
    dated = {} if signing_time is None else {"signing_time": signing_time}
    writer = incremental_writer(io.BytesIO(pdf), signing_time)
    out = io.BytesIO()
    try:
        box = new_field[1] if new_field is not None else None
        size = (abs(box[2] - box[0]), abs(box[3] - box[1])) if box else _field_size(writer, field_name)
        style, text = _stamp(appearance, size)
        pdf_signer = pdf_signer_class(signing_time)
        pdf_signer(meta, signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec, **dated).sign_pdf(
            writer, existing_fields_only=spec is None, output=out, appearance_text_params={"text": text}
        )
    except SigningError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many types; the user needs one message
        log.exception("signing failed on field %s", field_name)
        raise SigningError("Không ký được biên bản: " + str(exc)[:200]) from exc
    return out.getvalue()


# -- verification -----------------------------------------------------------------------------
@dataclass
class SignatureReport:
    field: str
    signer: str = ""
    issuer: str = ""
    signing_time: datetime | None = None
    timestamped: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    coverage: str = "unknown"  # entire_file | entire_revision | partial | unknown
    modifications: str = "unknown"  # none | form_filling | annotations | other …
    error: str = ""
    revision: int | None = None  # the file revision this signature signed (pyHanko's index)
    altered_after: int | None = None  # the first later revision that is not allowed (see signature_revisions)

    @property
    def ok(self) -> bool:
        """Intact, cryptographically valid, covering its whole revision, and only allowed changes after it."""
        return (
            self.intact
            and self.valid
            and not self.error
            and self.altered_after is None
            and self.coverage in ("entire_file", "entire_revision")
            and self.modifications in ("none", "lta_updates", "form_filling")
        )


VALID, UNTRUSTED, INVALID = "valid", "untrusted", "invalid"


@dataclass
class VerificationReport:
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""
    findings: list[RevisionFinding] = field(default_factory=list)  # revisions not allowed after signing

    @property
    def ok(self) -> bool:
        """Every signature intact and valid, and nothing but the signing chain (and LTV updates) after the first."""
        return not self.error and not self.findings and bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def trusted(self) -> bool:
        return self.ok and all(s.trusted for s in self.signatures)

    @property
    def verdict(self) -> str:
        """``valid`` | ``untrusted`` (intact and valid, but a certificate does not chain to a trust root) | ``invalid``."""
        if not self.ok:
            return INVALID
        return VALID if self.trusted else UNTRUSTED


def _cn(name) -> str:
    try:
        return name.native.get("common_name") or name.human_friendly
    except Exception:  # noqa: BLE001
        return str(name)


def verify_pdf(pdf: bytes, trust_roots_pem: list[bytes], chain=None) -> VerificationReport:
    """``chain``: the expected ``(field, label)`` signing order (``documents.minutes_pdf.SIGNING_CHAIN``
    for minutes); without it any approval signature may follow, but every other later revision is
    still checked."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for blob in trust_roots_pem:
        for _type, _headers, der in pem.unarmor(blob, multiple=True):
            roots.append(asn1_x509.Certificate.load(der))
    report = VerificationReport()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, not a crash
        report.error = f"Không đọc được tệp PDF: {exc}"[:300]
        return report
    if not embedded:
        report.error = "Tệp không có chữ ký số nào."
        return report
    for sig in embedded:
        item = SignatureReport(field=sig.field_name or "", revision=sig.signed_revision)
        try:
            cert = sig.signer_cert
            item.signer, item.issuer = _cn(cert.subject), _cn(cert.issuer)
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
            status = validate_pdf_signature(sig, context)
            item.intact, item.valid, item.trusted = bool(status.intact), bool(status.valid), bool(status.trusted)
            item.coverage = status.coverage.name.lower() if status.coverage else "unknown"
            if status.modification_level is not None:
                item.modifications = status.modification_level.name.lower()
            item.timestamped = status.timestamp_validity is not None
            if status.timestamp_validity is not None:
                item.signing_time = status.timestamp_validity.timestamp
            else:
                item.signing_time = status.signer_reported_dt
        except Exception as exc:  # noqa: BLE001
            item.error = str(exc)[:300] or type(exc).__name__
        report.signatures.append(item)
    try:
        report.findings = review_revisions(reader, embedded, chain)
    except Exception as exc:  # noqa: BLE001 - a file pyHanko cannot diff is not shown as valid
        log.warning("revision review failed: %s", exc)
        report.error = f"Không phân tích được các lần cập nhật của tệp: {exc}"[:300]
    for item in report.signatures:
        later = [f.revision for f in report.findings if item.revision is not None and f.revision > item.revision]
        item.altered_after = min(later) if later else None
    return report
