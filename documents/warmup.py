"""Import, before the server takes requests, the libraries the document paths import lazily.

The lazy imports keep `flask` commands and the tests quick, but in the gevent server the first
upload, thumbnail or signature of a fresh process would import them on the event loop — seconds
of CPU during which no other tablet is answered, `/healthz` included (seen in the s3-hang drill:
5.4 s). `wsgi.py` calls ``warm_up()`` once per server process."""

from __future__ import annotations

import importlib

LAZY_LIBRARIES = (
    "pypdfium2",  # thumbnails (documents/thumbnails.py)
    "pyhanko.sign.signers",  # signing (documents/signing.py)
    "pyhanko.sign.validation",
    "pyhanko.sign.diff_analysis",  # verification (documents/signature_revisions.py)
    "pyhanko.stamp",  # the signature's visible stamp (documents/signature_stamp.py)
    "pyhanko.pdf_utils.incremental_writer",
    "pyhanko_certvalidator.registry",
)


def warm_up() -> list[str]:
    """Import every lazily imported library, and cut the signature stamp's font down once (the first
    signature of a process paid ~0.5 s of CPU for it); returns the libraries' names (for the log and
    the test). The job worker calls it too, before it forks a process per job, so that each signing
    job inherits both (app/worker.py)."""
    for name in LAZY_LIBRARIES:
        importlib.import_module(name)
    from documents.signing import SigningError, stamp_font

    try:
        stamp_font("Ký bởi")
    except SigningError:  # no NotoSans: signing will say so to the signer
        pass
    return list(LAZY_LIBRARIES)
