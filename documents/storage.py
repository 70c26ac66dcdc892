"""Object-store adapter over the ``minio`` SDK (S3 API): MinIO in production, ``weed mini`` locally.

Bytes live here, facts in the database. Uploads stream in parts (never the whole file in
memory); downloads stream in chunks and support ranges. Every failure to reach the store becomes
:class:`StorageUnavailable`, which the error handlers show as "Kho lưu trữ không phản hồi".
"""

from __future__ import annotations

import hashlib
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

PART_SIZE = 8 * 1024 * 1024
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
    ):
        if "://" in endpoint:
            scheme, endpoint = endpoint.split("://", 1)
            secure = scheme == "https"
        self.bucket = bucket
        self.endpoint = endpoint
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=max(timeout, 30)),
            retries=urllib3.Retry(
                total=1, connect=1, read=0, backoff_factor=0.1, status_forcelist=(500, 502, 503, 504)
            ),
            maxsize=20,
        )
        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region, http_client=http
        )

    # -- bucket ---------------------------------------------------------------------------
    def ensure_bucket(self) -> None:
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except S3Error as exc:
            if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise _translate(exc) from exc
        except Exception as exc:  # noqa: BLE001 - every transport failure maps to one error
            raise _translate(exc) from exc

    def ping(self) -> bool:
        try:
            self.client.bucket_exists(self.bucket)
            return True
        except Exception:  # noqa: BLE001
            return False

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
        reader = _HashingReader(stream)
        try:
            result = self.client.put_object(
                self.bucket, key, reader, length, content_type=content_type, part_size=PART_SIZE, metadata=metadata
            )
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, key) from exc
        return StoredObject(
            key=key, size=reader.size, sha256=reader.digest.hexdigest(), content_type=content_type, etag=result.etag
        )

    def iter_object(
        self, key: str, offset: int = 0, length: int | None = None, chunk_size: int = CHUNK_SIZE
    ) -> Iterator[bytes]:
        """Yield the object's bytes (or a range of them) in chunks; the connection is released at the end."""
        try:
            response = self.client.get_object(self.bucket, key, offset=offset, length=length or 0)
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, key) from exc

        def chunks() -> Iterator[bytes]:
            try:
                yield from response.stream(chunk_size)
            except Exception as exc:  # noqa: BLE001
                raise _translate(exc, key) from exc
            finally:
                response.close()
                response.release_conn()

        return chunks()

    def read_bytes(self, key: str) -> bytes:
        """Whole object in memory: for small objects only (certificates, thumbnails)."""
        return b"".join(self.iter_object(key))

    def stat(self, key: str) -> StoredObject:
        try:
            st = self.client.stat_object(self.bucket, key)
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, key) from exc
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
        try:
            self.client.remove_object(self.bucket, key)
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, key) from exc

    def list_keys(self, prefix: str = "") -> list[str]:
        try:
            return [o.object_name for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True)]
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc) from exc

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
        )
        current_app.extensions["phonghop.store"] = store
    return store
