"""The tablets of the meeting-start storm, as a lean asyncio load generator (aiohttp, one process):
each tablet opens a document the way the live page does (static/js/realtime/copy_transport.js) —
the open asks for the first recorded range of a new copy (``?copy=…&open=1``), then the other
byte ranges that Chromium was recorded fetching before it drew page 1, one after the other, each
naming the copy by ``If-Range`` — and reports how long until it held them and how many bytes it
fetched. With no ranges to replay, the open asks for the whole copy and stops after its headers.

    python -m bench.storm_client '<json: url, document_id, tokens, ranges, recorded_size, start_at, sequential>'

Prints one JSON line: ``{"tablets": [{"ms": …, "bytes": …, "status": …}, …]}``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sys
import time

import aiohttp


def translate(ranges: list[list[int]], recorded_size: int, size: int) -> list[tuple[int, int]]:
    """The recorded ranges for a copy of ``size`` bytes (copies differ by their tail's length: a
    range that ended at the recorded copy's end ends at this one's)."""
    out = []
    for start, end in ranges:
        end = size - 1 if end >= recorded_size - 1 else min(end, size - 1)
        out.append((min(start, end), end))
    return out


async def open_like_pdfjs(session, url: str, token: str, plan: dict) -> dict:
    started = time.perf_counter()
    fetched = 0
    steps = []
    copy_url = f"{url}?copy=copy{secrets.token_hex(8)}"
    auth = {"Authorization": f"Bearer {token}"}
    recorded = [tuple(r) for r in plan["ranges"]]
    first = {"Range": f"bytes={recorded[0][0]}-{recorded[0][1]}"} if recorded else {}
    async with session.get(f"{copy_url}&open=1", headers={**auth, **first}) as response:
        status = response.status
        etag = response.headers.get("ETag")
        if status == 206:
            size = int(response.headers["Content-Range"].rsplit("/", 1)[1])
            fetched += len(await response.read())
        else:  # the whole copy: headers only (nothing recorded to replay), or all of it (no ranges)
            size = int(response.headers.get("Content-Length", 0))
            if recorded or response.headers.get("Accept-Ranges") != "bytes":
                async for chunk in response.content.iter_chunked(256 * 1024):
                    fetched += len(chunk)
            else:
                response.close()
    steps.append(round((time.perf_counter() - started) * 1000))
    if status == 206:
        for start, end in translate([list(r) for r in recorded[1:]], plan.get("recorded_size", 0), size):
            headers = {**auth, "Range": f"bytes={start}-{end}", "If-Range": etag}
            async with session.get(copy_url, headers=headers) as response:
                status = response.status if response.status != 206 else status
                fetched += len(await response.read())
            steps.append(round((time.perf_counter() - started) * 1000))
    return {
        "ms": (time.perf_counter() - started) * 1000,
        "bytes": fetched,
        "status": status,
        "size": size,
        "steps": steps,
    }


async def main(plan: dict) -> dict:
    url = f"{plan['url']}/api/v1/documents/{plan['document_id']}/download"
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        delay = plan.get("start_at", 0) - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if plan.get("sequential"):
            tablets = [await open_like_pdfjs(session, url, token, plan) for token in plan["tokens"]]
        else:
            tablets = await asyncio.gather(*(open_like_pdfjs(session, url, token, plan) for token in plan["tokens"]))
    return {"tablets": list(tablets)}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
