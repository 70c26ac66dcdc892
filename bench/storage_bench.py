"""Storage benchmark: our adapter against the bare minio SDK, in the same process, against a real
`weed mini`. Prints ratios (ours / baseline) for time and peak Python memory; never asserts
timings. Run with `make bench`."""

from __future__ import annotations

import hashlib
import io
import os
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from documents.embedded_s3 import EmbeddedS3Server, load_or_create_settings
from documents.storage import ObjectStore

SIZE_MB = int(os.environ.get("BENCH_SIZE_MB", "64"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


class Source(io.RawIOBase):
    """Deterministic bytes produced on demand (never held whole)."""

    def __init__(self, size: int):
        self.remaining = size
        self.block = hashlib.sha256(b"phonghop").digest() * 32768  # 1 MiB

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.remaining if n is None or n < 0 else min(n, self.remaining)
        out = (self.block * (n // len(self.block) + 1))[:n]
        self.remaining -= n
        return out


def measure(fn) -> tuple[float, int]:
    tracemalloc.start()
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    size = SIZE_MB * 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_or_create_settings(Path(tmp))
        with EmbeddedS3Server(settings):
            store = ObjectStore(settings.endpoint, settings.access_key, settings.secret_key, "bench")
            store.ensure_bucket()
            raw = store.client

            def base_put():
                raw.put_object("bench", "base.bin", Source(size), -1, part_size=8 * 1024 * 1024)

            def ours_put():
                store.put_stream("ours.bin", Source(size))

            def base_get():
                r = raw.get_object("bench", "base.bin")
                for _ in r.stream(256 * 1024):
                    pass
                r.close()
                r.release_conn()

            def ours_get():
                for _ in store.iter_object("ours.bin"):
                    pass

            rows = []
            for name, base, ours in (
                ("put (streamed, sha256)", base_put, ours_put),
                ("get (streamed)", base_get, ours_get),
            ):
                bt, bm, ot, om = [], [], [], []
                for _ in range(ROUNDS):
                    t, m = measure(base)
                    bt.append(t)
                    bm.append(m)
                    t, m = measure(ours)
                    ot.append(t)
                    om.append(m)
                rows.append((name, statistics.median(bt), statistics.median(ot), max(bm), max(om)))

    print(f"\nStorage benchmark: {SIZE_MB} MiB object, {ROUNDS} rounds, median time, max peak memory")
    print(
        f"{'operation':<24} {'base s':>8} {'ours s':>8} {'time ratio':>10} {'base MiB':>9} {'ours MiB':>9} "
        f"{'peak/size':>9}"
    )
    for name, bt, ot, bm, om in rows:
        print(
            f"{name:<24} {bt:>8.2f} {ot:>8.2f} {ot / bt:>10.2f} {bm / 2**20:>9.1f} {om / 2**20:>9.1f} {om / size:>9.3f}"
        )
    print("time ratio ≈ 1: the adapter adds only hashing; peak/size ≪ 1: nothing holds the whole file.")


if __name__ == "__main__":
    main()
