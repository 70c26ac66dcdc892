"""Object-store adapter over the ``minio`` SDK (S3 API): MinIO in production, ``weed mini`` locally.

Bytes live here, facts in the database. Uploads stream in parts (never the whole file in
memory); downloads stream in chunks and support ranges. Every failure to reach the store becomes
:class:`StorageUnavailable`, which the error handlers show as "Kho lưu trữ không phản hồi".

A store that *hangs* (accepts connections, never answers) costs one call at most
``S3_TIMEOUT_SECONDS`` (connect and every read; no read retry). After such a timeout the store is
held down for as long again: every call fails at once, so a request making several calls, and the
requests behind it, answer 503 within the timeout; the next call after that, a successful one or
the health probe (:meth:`ObjectStore.probe`, its own short budget) ends it. Objects that could not
be removed after a failure (:meth:`ObjectStore.discard`) are removed at the next successful contact.
docs/reliability.md, "The object store".
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import BinaryIO

import urllib3
from flask import current_app
from flask_babel import lazy_gettext as _l
from minio import Minio
from minio.error import InvalidResponseError, S3Error, ServerError

from app.errors import AppError

log = logging.getLogger(__name__)
# S3's smallest part. The SDK holds a part several times over while it hashes and sends it (a 8 MiB
# part cost ~40 MB of server memory per upload, 5 MiB ~25 MB; docs/performance.md, upload)
PART_SIZE = 5 * 1024 * 1024
CHUNK_SIZE = 256 * 1024


class StorageError(AppError):
    status_code = 502
    message = _l("Lỗi kho lưu trữ tài liệu.")


class StorageUnavailable(StorageError):
    status_code = 503
    message = _l("Kho lưu trữ không phản hồi. Vui lòng thử lại sau ít phút hoặc báo cho quản trị hệ thống.")


class ObjectNotFound(StorageError):
    status_code = 404
    message = _l("Không tìm thấy tệp trong kho lưu trữ.")


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str | None
    content_type: str
    etag: str | None = None
    last_modified: datetime | None = None


class _HashingReader:
    """File-like wrapper that hashes and counts what the SDK reads from it, part by part."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def _is_timeout(exc: BaseException) -> bool:
    """Did the store fail to answer in time (a hang), rather than refuse or answer wrongly?"""
    if isinstance(exc, urllib3.exceptions.MaxRetryError):
        exc = exc.reason or exc
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return False  # refused (a stopped server): urllib3 2 makes it a ConnectTimeoutError subclass
    return isinstance(exc, (urllib3.exceptions.TimeoutError, TimeoutError))


def _translate(exc: Exception, key: str | None = None) -> StorageError:
    if isinstance(exc, S3Error) and exc.code in ("NoSuchKey", "NoSuchObject", "NoSuchBucket"):
        return ObjectNotFound(detail=key)
    if isinstance(exc, S3Error) and exc.code in ("SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied"):
        return StorageError(str(_l("Kho lưu trữ từ chối thông tin xác thực của ứng dụng.")), detail=exc.code)
    if isinstance(exc, (urllib3.exceptions.HTTPError, OSError, ServerError, InvalidResponseError)):
        return StorageUnavailable(detail=type(exc).__name__)
    if isinstance(exc, S3Error):
        return StorageError(detail=exc.code)
    return StorageError(detail=type(exc).__name__)


class ObjectStore:
    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = False,
        region: str = "us-east-1",
        timeout: float = 5.0,
        probe_timeout: float = 0.5,
    ):
        if "://" in endpoint:
            scheme, endpoint = endpoint.split("://", 1)
            secure = scheme == "https"
        self.bucket = bucket
        self.endpoint = endpoint
        self.timeout = timeout
        # connect and each read wait `timeout`; a read is never retried (a hang would cost twice)
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            retries=urllib3.Retry(
                total=1, connect=1, read=0, backoff_factor=0.1, status_forcelist=(500, 502, 503, 504)
            ),
            maxsize=20,
        )
        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region, http_client=http
        )
        # the health probe: one HEAD of the bucket, all of it (connect + answer) within probe_timeout
        probe_http = urllib3.PoolManager(timeout=urllib3.Timeout(total=probe_timeout), retries=False, maxsize=2)
        self._probe_client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region, http_client=probe_http
        )
        self._down_until = 0.0  # time.monotonic() until which calls fail at once (after a timeout)
        self._orphans: set[str] = set()  # keys to remove once the store answers again
        self._lock = threading.Lock()

    # -- a store that does not answer -------------------------------------------------------
    @property
    def held_down(self) -> bool:
        return self._down_until > time.monotonic()

    def _check(self, key: str | None = None) -> None:
        if self.held_down:
            raise StorageUnavailable(detail=f"held down after a timeout ({key or self.bucket})")

    def _failed(self, exc: Exception, key: str | None = None) -> StorageError:
        if _is_timeout(exc):
            self._down_until = time.monotonic() + self.timeout
            log.warning("object store did not answer within %ss: held down for as long", self.timeout)
        return _translate(exc, key)

    def _answered(self) -> None:
        self._down_until = 0.0
        if self._orphans:
            self._remove_orphans()

    def _remove_orphans(self) -> None:
        with self._lock:
            keys, self._orphans = self._orphans, set()
        for key in keys:
            try:
                self._abort_uploads(key)
                self.client.remove_object(self.bucket, key)
                log.info("removed %s, left behind by a failed operation", key)
            except Exception:  # noqa: BLE001 - still unreachable: keep it for the next time
                with self._lock:
                    self._orphans.add(key)

    def _abort_uploads(self, key: str) -> None:
        """Abort the unfinished multipart uploads of ``key`` (a store that died mid-upload keeps
        the parts it had; the SDK's own abort could not reach it). The SDK's S3 calls for this are
        the ones its put_object uses on failure; a store that cannot list them is left as it is."""
        try:
            uploads = self.client._list_multipart_uploads(self.bucket, prefix=key).uploads
        except S3Error:
            return
        for upload in uploads:
            if upload.object_name == key:
                self.client._abort_multipart_upload(self.bucket, key, upload.upload_id)

    def discard(self, key: str) -> None:
        """Remove ``key`` after a failed operation; if the store cannot be reached now, remember it
        and remove it at the next successful contact (never raises)."""
        try:
            self.delete(key)
        except ObjectNotFound:
            pass
        except StorageError as exc:
            with self._lock:
                self._orphans.add(key)
            log.warning("could not remove %s now (%s): will retry when the store answers", key, exc.detail)

    @property
    def pending_removals(self) -> int:
        return len(self._orphans)

    def probe(self) -> bool:
        """Does the store answer, within the probe's own short budget? Updates the hold."""
        try:
            self._probe_client.bucket_exists(self.bucket)
        except Exception as exc:  # noqa: BLE001
            if _is_timeout(exc):
                self._down_until = max(self._down_until, time.monotonic() + self.timeout)
            return False
        self._answered()
        return True

    # -- bucket ---------------------------------------------------------------------------
    def ensure_bucket(self) -> None:
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except S3Error as exc:
            if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise self._failed(exc) from exc
        except Exception as exc:  # noqa: BLE001 - every transport failure maps to one error
            raise self._failed(exc) from exc

    def ping(self) -> bool:
        return self.probe()

    # -- objects --------------------------------------------------------------------------
    def put_stream(
        self,
        key: str,
        stream: BinaryIO,
        length: int = -1,
        content_type: str = "application/octet-stream",
        metadata: dict | None = None,
    ) -> StoredObject:
        """Stream ``stream`` to ``key`` in parts; returns size and sha256 of what was written."""
        self._check(key)
        reader = _HashingReader(stream)
        try:
            result = self.client.put_object(
                self.bucket, key, reader, length, content_type=content_type, part_size=PART_SIZE, metadata=metadata
            )
        except Exception as exc:  # noqa: BLE001
            raise self._failed(exc, key) from exc
        self._answered()
        return StoredObject(
            key=key, size=reader.size, sha256=reader.digest.hexdigest(), content_type=content_type, etag=result.etag
        )

    def iter_object(
        self, key: str, offset: int = 0, length: int | None = None, chunk_size: int = CHUNK_SIZE
    ) -> Iterator[bytes]:
        """Yield the object's bytes (or a range of them) in chunks; the connection is released at the end."""
        self._check(key)
        try:
            response = self.client.get_object(self.bucket, key, offset=offset, length=length or 0)
        except Exception as exc:  # noqa: BLE001
            raise self._failed(exc, key) from exc
        self._answered()

        def chunks() -> Iterator[bytes]:
            try:
                yield from response.stream(chunk_size)
            except Exception as exc:  # noqa: BLE001
                raise self._failed(exc, key) from exc
            finally:
                response.close()
                response.release_conn()

        return chunks()

    def read_bytes(self, key: str) -> bytes:
        """Whole object in memory: for small objects only (certificates, thumbnails)."""
        return b"".join(self.iter_object(key))

    def stat(self, key: str) -> StoredObject:
        self._check(key)
        try:
            st = self.client.stat_object(self.bucket, key)
        except Exception as exc:  # noqa: BLE001
            raise self._failed(exc, key) from exc
        self._answered()
        return StoredObject(
            key=key,
            size=st.size,
            sha256=(st.metadata or {}).get("x-amz-meta-sha256"),
            content_type=st.content_type,
            etag=st.etag,
            last_modified=st.last_modified,
        )

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
            return True
        except ObjectNotFound:
            return False

    def delete(self, key: str) -> None:
        self._check(key)
        try:
            self.client.remove_object(self.bucket, key)
        except Exception as exc:  # noqa: BLE001
            raise self._failed(exc, key) from exc
        self._answered()

    def list_keys(self, prefix: str = "") -> list[str]:
        self._check(prefix)
        try:
            keys = [o.object_name for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True)]
        except Exception as exc:  # noqa: BLE001
            raise self._failed(exc) from exc
        self._answered()
        return keys

    def presigned_get(self, key: str, expires: timedelta = timedelta(minutes=2), filename: str | None = None) -> str:
        params = None
        if filename:
            params = {"response-content-disposition": f'attachment; filename="{filename}"'}
        try:
            return self.client.presigned_get_object(self.bucket, key, expires=expires, extra_query_params=params)
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, key) from exc


def get_store() -> ObjectStore:
    """The application's store, created on first use from its configuration."""
    store = current_app.extensions.get("phonghop.store")
    if store is None:
        cfg = current_app.config
        if not cfg.get("S3_ENDPOINT"):
            raise StorageUnavailable(detail="PHONGHOP_S3_ENDPOINT is not configured")
        store = ObjectStore(
            cfg["S3_ENDPOINT"],
            cfg["S3_ACCESS_KEY"],
            cfg["S3_SECRET_KEY"],
            cfg["S3_BUCKET"],
            secure=bool(cfg.get("S3_SECURE")),
            region=cfg["S3_REGION"],
            timeout=float(cfg["S3_TIMEOUT_SECONDS"]),
            probe_timeout=float(cfg.get("S3_PROBE_SECONDS") or 0.5),
        )
        current_app.extensions["phonghop.store"] = store
    return store
