"""Watermarked copies that are cheap to open and can be read by HTTP ranges.

A copy is the version's *prepared base* (documents/stamping.py, made once per version and kept in
the store next to the original) followed by a per-viewer *tail*. Opening a document makes one
copy: its tail is written (about a millisecond), kept in the store under the viewer's id and a
token, and the open is logged once. The range requests that follow (PDF.js asks for the bytes it
needs, page by page) name the same copy — by the token in the URL (``?copy=``), by ``If-Range``
with the copy's ETag, or, failing both, the viewer's latest copy of that version — and are
neither re-stamped nor logged again.
"""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from flask_babel import gettext as _

from app.errors import AppError
from app.permissions import require_document
from documents.models import Document
from documents.offload import run_cpu_bound
from documents.stamping import CannotEncode, Manifest, make_tail, prepare_base
from documents.storage import ObjectNotFound, get_store
from documents.watermark import stamp_pdf
from meetings.models import AccessAction
from meetings.services.documents.audit import Client, record_access

log = logging.getLogger(__name__)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
LATEST_TTL_SECONDS = 30 * 60  # a range request naming no copy reuses the viewer's latest one this long


class WatermarkFailed(AppError):
    status_code = 500


def _failed(document_id: int, exc: Exception) -> WatermarkFailed:
    log.error("watermarking document %s failed: %r", document_id, exc)
    return WatermarkFailed(
        _("Không thể đóng dấu tên người xem lên tài liệu; vui lòng báo quản trị hệ thống."), detail=repr(exc)
    )


# -- where things are kept -----------------------------------------------------------------------
def _prefix(object_key: str) -> str:
    return (object_key[:-4] if object_key.endswith(".pdf") else object_key) + "/stamping"


def base_key(object_key: str) -> str:
    return f"{_prefix(object_key)}/base.pdf"


def manifest_key(object_key: str) -> str:
    return f"{_prefix(object_key)}/manifest.json"


def tail_key(object_key: str, user_id: int, token: str) -> str:
    return f"{_prefix(object_key)}/copies/u{user_id}/{token}.tail"


def latest_key(object_key: str, user_id: int) -> str:
    return f"{_prefix(object_key)}/copies/u{user_id}/latest"


class _Lru(OrderedDict):
    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.lock = threading.Lock()

    def get_item(self, key):
        with self.lock:
            if key in self:
                self.move_to_end(key)
                return self[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.limit:
                self.popitem(last=False)


_manifests = _Lru(256)
_tails = _Lru(2048)
# The bases' 512 KB chunks this process served last (24 MB at most): in the meeting-start storm
# every tablet's copy asks for the same first and last chunk of the same base (its page 1).
BASE_CHUNK = 512 * 1024
CACHED_RANGE = 2 * BASE_CHUNK  # longer ranges (a download) stream from the store
_base_chunks = _Lru(48)
_chunk_locks = [threading.Lock() for _ in range(32)]  # one fetch of a chunk at a time
_preparing: dict[str, threading.Lock] = {}
_preparing_lock = threading.Lock()


# -- once per version ----------------------------------------------------------------------------
def _read_manifest(object_key: str) -> Manifest | None:
    cached = _manifests.get_item(object_key)
    if cached is not None:
        return cached
    try:
        data = json.loads(get_store().read_bytes(manifest_key(object_key)))
    except ObjectNotFound:
        return None
    manifest = Manifest.from_json(data)
    _manifests.put(object_key, manifest)
    return manifest


def _prepare(source: BinaryIO, target: BinaryIO) -> Manifest:
    return prepare_base(source, target)


def ensure_base(object_key: str) -> Manifest:
    """The manifest of the prepared base of ``object_key``, preparing it first if need be
    (idempotent; one preparation at a time per key in this process — another process may do the
    same work at the same moment, and both write the same thing)."""
    manifest = _read_manifest(object_key)
    if manifest is not None:
        return manifest
    with _preparing_lock:
        lock = _preparing.setdefault(object_key, threading.Lock())
    with lock:
        manifest = _read_manifest(object_key)
        if manifest is not None:
            return manifest
        store = get_store()
        with tempfile.TemporaryFile() as source, tempfile.TemporaryFile() as target:
            for chunk in store.iter_object(object_key):
                source.write(chunk)
            manifest = run_cpu_bound(_prepare, source, target)
            target.seek(0)
            store.put_stream(base_key(object_key), target, length=manifest.base_size, content_type="application/pdf")
        body = json.dumps(manifest.to_json()).encode()
        # the manifest is written last: its presence means the base is complete
        store.put_stream(manifest_key(object_key), io.BytesIO(body), length=len(body), content_type="application/json")
        _manifests.put(object_key, manifest)
        return manifest


def prepare_document_copies(document_id: int) -> bool:
    """Background job (RQ): prepare the base of a document's current version so that the first
    open of the meeting-start storm finds it ready. Plain and idempotent; needs an app context.
    Returns whether there was a document to prepare."""
    from app.extensions import db

    document = db.session.get(Document, document_id)
    if document is None:
        return False
    ensure_base(document.object_key)
    return True


# -- one copy ------------------------------------------------------------------------------------
def _base_chunk(store, key: str, base_size: int, index: int) -> bytes:
    cached = _base_chunks.get_item((key, index))
    if cached is not None:
        return cached
    with _chunk_locks[hash((key, index)) % len(_chunk_locks)]:
        cached = _base_chunks.get_item((key, index))
        if cached is None:
            offset = index * BASE_CHUNK
            cached = b"".join(store.iter_object(key, offset=offset, length=min(BASE_CHUNK, base_size - offset)))
            _base_chunks.put((key, index), cached)
    return cached


def _base_bytes(store, key: str, base_size: int, start: int, last: int) -> bytes:
    """Bytes ``start`` … ``last`` of a base, through the cache of its chunks."""
    first = start // BASE_CHUNK
    data = b"".join(_base_chunk(store, key, base_size, i) for i in range(first, last // BASE_CHUNK + 1))
    return data[start - first * BASE_CHUNK : last - first * BASE_CHUNK + 1]


@dataclass
class Copy:
    """A viewer's watermarked copy: ``base`` bytes from the store followed by ``tail``. ``token``
    names it (its ETag); ``file`` is set instead of a base for a copy stamped the slow way."""

    document: Document | None  # None for a range of a copy already opened (ranges.py)
    version: int
    filename: str
    size: int
    token: str | None
    base_key: str | None = None
    base_size: int = 0
    tail: bytes = b""
    file: BinaryIO | None = None
    store: object = None  # the store the base is read from (the response streams outside the app context)
    opened: bool = field(default=False)  # a new open (logged), not a reuse
    document_id: int = 0

    def __post_init__(self) -> None:
        if not self.document_id and self.document is not None:
            self.document_id = self.document.id

    @property
    def etag(self) -> str | None:
        return f'"{self.token}"' if self.token else None

    def chunks(self, start: int = 0, end: int | None = None, size: int = 256 * 1024) -> Iterator[bytes]:
        """Bytes ``start`` … ``end`` (inclusive; the whole copy by default)."""
        end = self.size - 1 if end is None else end
        try:
            if self.file is not None:
                self.file.seek(start)
                left = end - start + 1
                while left > 0 and (chunk := self.file.read(min(size, left))):
                    left -= len(chunk)
                    yield chunk
                return
            if start < self.base_size:
                last = min(end, self.base_size - 1)
                if last - start < CACHED_RANGE:
                    yield _base_bytes(self.store, self.base_key, self.base_size, start, last)
                else:
                    yield from self.store.iter_object(
                        self.base_key, offset=start, length=last - start + 1, chunk_size=size
                    )
            if end >= self.base_size:
                yield self.tail[max(0, start - self.base_size) : end - self.base_size + 1]
        finally:
            self.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _load_tail(object_key: str, user_id: int, token: str, *, from_store: bool = True) -> bytes | None:
    cache_key = (object_key, user_id, token)
    tail = _tails.get_item(cache_key)
    if tail is None and from_store:
        try:
            tail = get_store().read_bytes(tail_key(object_key, user_id, token))
        except ObjectNotFound:
            return None
        _tails.put(cache_key, tail)
    return tail


def _latest_token(object_key: str, user_id: int) -> str | None:
    try:
        token, made = get_store().read_bytes(latest_key(object_key, user_id)).decode().split()
    except (ObjectNotFound, ValueError):
        return None
    return token if time.time() - float(made) < LATEST_TTL_SECONDS else None


def _save_tail(object_key: str, user_id: int, token: str, tail: bytes, latest: bool) -> None:
    """Keep the tail; ``latest``: also point the viewer's later range requests that name no copy
    at it (a client that names its copies — PDF.js — does not need the extra write)."""
    store = get_store()
    store.put_stream(tail_key(object_key, user_id, token), io.BytesIO(tail), length=len(tail))
    if latest:
        pointer = f"{token} {time.time():.0f}".encode()
        store.put_stream(latest_key(object_key, user_id), io.BytesIO(pointer), length=len(pointer))
    _tails.put((object_key, user_id, token), tail)


def _slow_copy(object_key: str, stamp, **facts) -> Copy:
    """Stamp every page with pypdf (documents/watermark.py): for a viewer whose name holds a letter
    the carrier font lacks. Served whole, without ranges."""
    target = tempfile.TemporaryFile()
    try:
        with tempfile.TemporaryFile() as source:
            for chunk in get_store().iter_object(object_key):
                source.write(chunk)
            run_cpu_bound(stamp_pdf, source, target, stamp)
        size = target.seek(0, 2)
    except BaseException:
        target.close()
        raise
    return Copy(size=size, token=None, file=target, **facts)


def viewer_copy(
    actor,
    document: Document,
    action: AccessAction,
    *,
    object_key: str,
    version: int,
    filename: str,
    stamp_at: datetime,
    token: str | None = None,
    reuse: bool = False,
    create: bool = True,
    client: Client | None = None,
) -> Copy:
    """``actor``'s copy of ``object_key`` (a version of ``document`` they may read — the caller
    checked). The copy named by ``token`` when it exists; with ``reuse``, the latest one when no
    token is given; otherwise a new copy, stamped at ``stamp_at``, named ``token`` when given and
    ``create`` (else a fresh one), and logged as ``action``."""
    from meetings.services.documents.access import viewer_stamp

    require_document(actor, document)
    facts = {"document": document, "version": version, "filename": filename}
    token = token if token and TOKEN.match(token) else None
    # a copy is created under a token only when the client chose it for a new open (``?copy=``)
    try:
        manifest = ensure_base(object_key)
    except (AppError, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds; never send it unstamped
        raise _failed(document.id, exc) from exc
    wanted = token or (_latest_token(object_key, actor.id) if reuse else None)
    if wanted:
        # a request for the whole copy is a new open unless this process has just made that copy:
        # PDF.js names its copy in a first whole request, then asks for ranges of it (a look-up
        # in the store for every new open would cost a round trip for nothing)
        tail = _load_tail(object_key, actor.id, wanted, from_store=reuse)
        if tail is not None:
            return Copy(
                size=manifest.base_size + len(tail),
                token=wanted,
                base_key=base_key(object_key),
                store=get_store(),
                base_size=manifest.base_size,
                tail=tail,
                **facts,
            )
    if not create:
        token = None
    stamp = viewer_stamp(actor, document, stamp_at)
    try:
        tail = make_tail(manifest, stamp)
    except CannotEncode:
        try:
            copy = _slow_copy(object_key, stamp, **facts)
        except (AppError, OSError):
            raise
        except Exception as exc:  # noqa: BLE001
            raise _failed(document.id, exc) from exc
    else:
        named = token is not None
        token = token or secrets.token_urlsafe(12)
        _save_tail(object_key, actor.id, token, tail, latest=not named)
        copy = Copy(
            size=manifest.base_size + len(tail),
            token=token,
            base_key=base_key(object_key),
            store=get_store(),
            base_size=manifest.base_size,
            tail=tail,
            **facts,
        )
    record_access(actor, document, action, client, version=version)
    copy.opened = True
    return copy
