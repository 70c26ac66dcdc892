"""A signature made at a time chosen by the caller, for :func:`documents.signing.sign_pdf`'s
``signing_time`` — used only to replay recorded history (the demo seed's March-2020 minutes);
no route, form, API or socket passes a time of its own (see ``sign_pdf``).

Where a PAdES signature keeps its time
    pyHanko writes the signing time into the signature dictionary's ``/M``; a PAdES signature
    (``ETSI.CAdES.detached``) carries no CMS ``signing-time`` attribute — ETSI EN 319 142-1 forbids
    it, and pyHanko leaves it out — so ``/M`` is what pdfsig prints as "Signing Time" and what
    pyHanko reports as the signer's time. pyHanko takes that time from its signing session's
    ``system_time`` (the CMS signed attributes are built from it as well), which
    ``PdfSigner.init_signing_session`` always sets to now: :func:`pdf_signer_class` gives a signer
    whose session is set to the chosen time instead. The revision's ``/ModDate`` (the document
    information dictionary, which pyHanko sets to now at every write) is dated the same way by
    :func:`incremental_writer`. The visible stamp's text is the caller's (``Appearance.when``).

What a chosen time does not change
    Without a trusted timestamp the time is only what the signer says. pyHanko's validation (and
    pdfsig's) checks the certificates at the time of validation, not at ``/M``: a signature dated
    in the past verifies as long as its certificate is valid today. :func:`check_certificates_at`
    refuses a time at which the signer's certificate or its chain was not valid, so a replayed
    signature never claims a time its certificate did not cover.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from documents.signing import SigningError


def check_certificates_at(signer, when: datetime) -> None:
    """SigningError unless the signer's certificate and every certificate it carries (its chain)
    were valid at ``when``."""
    if when.tzinfo is None:
        raise ValueError("signing_time must be timezone-aware")
    certs = [signer.signing_cert, *(getattr(signer, "cert_registry", None) or ())]
    for cert in certs:
        validity = cert["tbs_certificate"]["validity"]
        not_before, not_after = validity["not_before"].native, validity["not_after"].native
        if not not_before <= when <= not_after:
            raise SigningError(
                f"Chứng thư số «{cert.subject.human_friendly}» không có hiệu lực vào thời điểm ký "
                f"({when.isoformat()}; hiệu lực {not_before.date()} – {not_after.date()})."
            )


@lru_cache(maxsize=1)
def _dated_classes():
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfSigner

    class DatedPdfSigner(PdfSigner):
        """pyHanko's PdfSigner, its signing session at ``signing_time`` rather than now."""

        def __init__(self, *args, signing_time: datetime, **kwargs):
            super().__init__(*args, **kwargs)
            self.signing_time = signing_time

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = self.signing_time  # /M, the CMS attributes pyHanko builds, the stamp's %(ts)s
            return session

    class DatedIncrementalWriter(IncrementalPdfFileWriter):
        """An incremental update whose information dictionary's /ModDate is ``modified_at``."""

        def __init__(self, *args, modified_at: datetime, **kwargs):
            super().__init__(*args, **kwargs)
            self.modified_at = modified_at

        def _update_meta(self):
            super()._update_meta()  # sets /ModDate to now (pyHanko: last_modified = 'now')
            if self._info is not None:
                info = self._info.get_object()
                if "/ModDate" in info:
                    info["/ModDate"] = generic.pdf_date(self.modified_at)
                    self.mark_update(self._info)

    return DatedPdfSigner, DatedIncrementalWriter


def pdf_signer_class(when: datetime | None):
    """pyHanko's ``PdfSigner``, or with ``when`` a subclass taking ``signing_time=when``."""
    if when is None:
        from pyhanko.sign.signers import PdfSigner

        return PdfSigner
    return _dated_classes()[0]


def incremental_writer(stream, when: datetime | None):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    if when is None:
        return IncrementalPdfFileWriter(stream, strict=False)
    return _dated_classes()[1](stream, strict=False, modified_at=when)
