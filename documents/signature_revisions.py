"""What each incremental update after the first signature of a PDF did, judged revision by revision.

pyHanko's per-signature diff analysis (``modification_level``) rates "an unsigned signature field
with its own appearance" as ``form_filling`` — the level ordinary counter-signing also has — so a
white box with new text painted over the conclusions after the last signature would still read as
"valid". This module is stricter, and follows the minutes' signing chain:

- every revision after the first signature is diffed against the one before it with pyHanko's
  :data:`~pyhanko.sign.diff_analysis.DEFAULT_DIFF_POLICY` (``StandardDiffPolicy.apply``);
- a revision that carries the next signature of the chain (for minutes
  ``documents.minutes_pdf.SIGNING_CHAIN``: secretary → chair → agency seal) may
  fill in that signature's own field, and nothing else (no other field, no annotation, no content);
- any other revision may only be a long-term-validation update (``ModificationLevel.LTA_UPDATES``:
  a DSS with certificates/CRLs/OCSP responses, an invisible document timestamp, metadata);
- a signature outside the chain (another field, the wrong order, a fourth signature) is itself a
  change after signing.

Each disallowed revision becomes a :class:`RevisionFinding` with a plain Vietnamese message that
names it ("lần cập nhật thứ 3 của tệp": pyHanko's revision index, 0 being the file as first written).
"""

from __future__ import annotations

from dataclasses import dataclass

OUT_OF_CHAIN = "out-of-chain"  # a signature that is not the next one of the chain
UNSIGNED_UPDATE = "unsigned-update"  # a revision that is no signature and more than an LTV update
EXTRA_CHANGES = "extra-changes"  # a chain signature whose revision also changed other things


@dataclass(frozen=True)
class RevisionFinding:
    revision: int  # pyHanko's revision index (0 = the file as first written)
    kind: str  # OUT_OF_CHAIN | UNSIGNED_UPDATE | EXTRA_CHANGES
    after_signer: str = ""  # the last signer before this revision ("" when there is none)
    signer: str = ""  # the revision's own signer, when it is a signature
    field: str = ""  # that signature's field
    changed_fields: tuple[str, ...] = ()  # other form fields this revision added or changed
    content: bool = False  # it changed page content, annotations or other objects
    chain_labels: tuple[str, ...] = ()

    @property
    def _what(self) -> str:
        if self.changed_fields:
            return (
                "thêm hoặc sửa trường «"
                + ", ".join(self.changed_fields)
                + "» (hình hiển thị của trường có thể che và thay chữ trên trang)"
            )
        if self.content:
            return "sửa nội dung, chú thích hoặc đối tượng khác của tệp"
        return ""

    @property
    def message(self) -> str:
        """Plain Vietnamese, naming the revision."""
        where = f"lần cập nhật thứ {self.revision} của tệp"
        after = f", sau chữ ký của {self.after_signer}" if self.after_signer else ""
        chain = " → ".join(self.chain_labels)
        if self.kind == OUT_OF_CHAIN:
            text = (
                f"{where}{after}, là chữ ký của {self.signer} ở trường «{self.field}», không đúng chuỗi ký "
                f"của biên bản" + (f" ({chain})" if chain else "")
            )
            if not self.after_signer:
                return f"Chữ ký không hợp lệ cho biên bản: {text}."
        elif self.kind == EXTRA_CHANGES:
            text = (
                f"{where}{after}, là chữ ký của {self.signer} nhưng ngoài ô ký «{self.field}» còn "
                f"{self._what or 'sửa tệp'}"
            )
        else:
            text = f"{where}{after}, không phải là chữ ký của biên bản" + (f" mà {self._what}" if self._what else "")
        return f"Biên bản đã bị thay đổi sau khi ký: {text}."

    @property
    def message_en(self) -> str:
        return {
            OUT_OF_CHAIN: f"revision {self.revision} is a signature outside the signing chain (field {self.field})",
            EXTRA_CHANGES: f"revision {self.revision} signs field {self.field} but also changes other things",
            UNSIGNED_UPDATE: f"revision {self.revision} is not a signature of the minutes but changes the file",
        }[self.kind]


def _signer(sig) -> str:
    try:
        subject = sig.signer_cert.subject
        return subject.native.get("common_name") or subject.human_friendly
    except Exception:  # noqa: BLE001 - an unreadable certificate is reported elsewhere
        return sig.field_name or "?"


def _diff(reader, revision: int):
    """(modification level, changed form fields) of ``revision`` against the one before it;
    a change pyHanko's policy refuses outright counts as ``ModificationLevel.OTHER``."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, SuspiciousModification

    try:
        result = DEFAULT_DIFF_POLICY.apply(
            reader.get_historical_resolver(revision - 1), reader.get_historical_resolver(revision)
        )
    except SuspiciousModification:
        return ModificationLevel.OTHER, set()
    return result.modification_level, set(result.changed_form_fields)


def review_revisions(reader, signatures, chain=None) -> list[RevisionFinding]:
    """Every disallowed revision from the first signature on (see the module's docstring).
    ``signatures``: pyHanko's ``EmbeddedPdfSignature`` objects of ``reader``; ``chain``: the
    expected ``(field, label)`` signing order, or ``None`` to accept any approval signature."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    ordered = sorted(signatures, key=lambda s: s.signed_revision)
    if not ordered:
        return []
    by_revision = {s.signed_revision: s for s in ordered}
    labels = tuple(label for _field, label in chain) if chain else ()
    findings: list[RevisionFinding] = []
    position, after = 0, ""  # the next expected chain position; the last chain signer so far
    for revision in range(ordered[0].signed_revision, reader.xrefs.total_revisions):
        sig = by_revision.get(revision)
        is_approval = sig is not None and sig.sig_object_type != "/DocTimeStamp"
        if revision == ordered[0].signed_revision and not is_approval:
            continue  # a document timestamp first: nothing signed before it to protect
        if is_approval:
            name, field = _signer(sig), sig.field_name or ""
            if chain is not None and (position >= len(chain) or chain[position][0] != field):
                findings.append(RevisionFinding(revision, OUT_OF_CHAIN, after, name, field, chain_labels=labels))
                continue
            position += 1
            if revision > ordered[0].signed_revision:
                level, changed = _diff(reader, revision)
                extra = tuple(sorted(changed - {field}))
                if extra or level > ModificationLevel.FORM_FILLING:
                    findings.append(
                        RevisionFinding(
                            revision,
                            EXTRA_CHANGES,
                            after,
                            name,
                            field,
                            extra,
                            content=level > ModificationLevel.FORM_FILLING,
                        )
                    )
            after = name
            continue
        level, changed = _diff(reader, revision)
        if level > ModificationLevel.LTA_UPDATES:
            findings.append(
                RevisionFinding(
                    revision,
                    UNSIGNED_UPDATE,
                    after,
                    changed_fields=tuple(sorted(changed)),
                    content=level > ModificationLevel.FORM_FILLING,
                )
            )
    return findings
