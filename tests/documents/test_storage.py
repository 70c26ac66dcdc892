"""Contract tests of the object-store adapter against the real S3 server (weed mini)."""

import hashlib
import io
import os
from datetime import timedelta

import pytest
import urllib3

from documents.storage import ObjectNotFound, ObjectStore, StorageError, StorageUnavailable


class CountingReader(io.RawIOBase):
    """A stream that is never held whole: it produces bytes on demand and records the largest read."""

    def __init__(self, size: int):
        self.remaining = size
        self.largest_read = 0
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.remaining if n is None or n < 0 else min(n, self.remaining)
        self.largest_read = max(self.largest_read, n)
        data = os.urandom(n)
        self.digest.update(data)
        self.remaining -= n
        return data


def test_put_get_stat_delete_roundtrip(store):
    payload = "Biên bản họp UBND huyện Cao Lãnh".encode() * 1000
    stored = store.put_stream("contract/roundtrip.bin", io.BytesIO(payload), len(payload), "text/plain")
    assert stored.size == len(payload)
    assert stored.sha256 == hashlib.sha256(payload).hexdigest()
    assert b"".join(store.iter_object("contract/roundtrip.bin")) == payload
    st = store.stat("contract/roundtrip.bin")
    assert st.size == len(payload) and st.content_type == "text/plain"
    store.delete("contract/roundtrip.bin")
    assert not store.exists("contract/roundtrip.bin")
    with pytest.raises(ObjectNotFound):
        store.stat("contract/roundtrip.bin")


def test_range_get_returns_exactly_the_range(store):
    payload = bytes(range(256)) * 64
    store.put_stream("contract/range.bin", io.BytesIO(payload), len(payload))
    assert b"".join(store.iter_object("contract/range.bin", offset=1000, length=300)) == payload[1000:1300]
    assert b"".join(store.iter_object("contract/range.bin", offset=len(payload) - 10)) == payload[-10:]


def test_streaming_put_of_unknown_length_reads_in_parts(store):
    size = 20 * 1024 * 1024 + 123  # more than two parts
    source = CountingReader(size)
    stored = store.put_stream("contract/big.bin", source, length=-1)
    assert stored.size == size and stored.sha256 == source.digest.hexdigest()
    assert source.largest_read <= 8 * 1024 * 1024 + 1  # one part (+1 byte look-ahead), never the whole file
    digest = hashlib.sha256()
    for chunk in store.iter_object("contract/big.bin"):
        assert len(chunk) <= 256 * 1024
        digest.update(chunk)
    assert digest.hexdigest() == source.digest.hexdigest()
    store.delete("contract/big.bin")


def test_presigned_get_works_without_credentials_and_expires_short(store):
    store.put_stream("contract/presigned.txt", io.BytesIO(b"xin chao"), 8, "text/plain")
    url = store.presigned_get("contract/presigned.txt", expires=timedelta(seconds=60))
    assert "X-Amz-Expires=60" in url
    http = urllib3.PoolManager()
    assert http.request("GET", url).data == b"xin chao"
    # the same object without a signature is refused: the store is not public
    assert http.request("GET", url.split("?")[0]).status == 403


def test_missing_object_is_a_clear_not_found(store):
    with pytest.raises(ObjectNotFound) as info:
        b"".join(store.iter_object("contract/khong-co.bin"))
    assert "Không tìm thấy" in str(info.value)


def test_wrong_credentials_are_refused(s3_settings, s3_server, app):
    bad = ObjectStore(s3_settings.endpoint, s3_settings.access_key, "sai-khoa", app.config["S3_BUCKET"])
    with pytest.raises(StorageError) as info:
        bad.stat("anything")
    assert not isinstance(info.value, StorageUnavailable)
    assert "xác thực" in str(info.value)


def test_unreachable_store_maps_to_storage_unavailable():
    from documents.embedded_s3 import pick_ports

    (port,) = pick_ports(1)
    dead = ObjectStore(f"127.0.0.1:{port}", "x", "y", "phonghop", timeout=1)
    with pytest.raises(StorageUnavailable) as info:
        dead.put_stream("k", io.BytesIO(b"abc"), 3)
    assert "Kho lưu trữ không phản hồi" in str(info.value)
    assert dead.ping() is False


def test_ensure_bucket_is_idempotent(store):
    store.ensure_bucket()
    store.ensure_bucket()
    assert store.client.bucket_exists(store.bucket)
