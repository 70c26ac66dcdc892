"""WebSocket compression (permessage-deflate, RFC 7692) only where it pays: messages of at least
``THRESHOLD`` bytes, each compressed on its own.

simple-websocket (Engine.IO's WebSocket server under gevent) accepts permessage-deflate whenever
the client offers it — browsers and socket.io-client do — with wsproto's defaults: every message is
compressed, and every connection keeps its zlib compressor (the LZ77 window and hash tables, about
256 KB allocated, ~95 KB of it resident once a few messages have gone) for as long as it is open.
A live change is a JSON object of 100–300 bytes: compressing it saves a few dozen bytes, costs
zlib work per tablet on every fan-out, and 2,000 tablets held ~190 MB of compressors
(docs/performance.md, "Fan-out and memory: the profile").

So: a message under ``THRESHOLD`` bytes goes as it is (RSV1 unset; the RFC compresses per
message, so a client accepts both), and the server answers the offer with
``server_no_context_takeover``, which lets it drop the compressor after each compressed message.
What is large — a join's snapshot, a catch-up's ``missed`` list — is still compressed (a little
less tightly than with a shared window); nothing is kept between messages. What the client sends
is decompressed as before. Node's ``ws`` client uses the same threshold (1 KB) for what it sends.
"""

from __future__ import annotations

import simple_websocket.ws
from wsproto.extensions import PerMessageDeflate
from wsproto.frame_protocol import Opcode

THRESHOLD = 1024


class LargeMessagesDeflate(PerMessageDeflate):
    """permessage-deflate that leaves small messages uncompressed and keeps no compressor
    between messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("server_no_context_takeover", True)
        super().__init__(*args, **kwargs)
        self._as_is = False  # the message being sent goes uncompressed

    def frame_outbound(self, proto, opcode, rsv, data, fin):
        if opcode is not Opcode.CONTINUATION and self._compressible_opcode(opcode):
            # Only a message sent whole in one frame may skip compression: the first frame of a
            # message decides for the message (RSV1), and its length is not known before the end.
            self._as_is = fin and len(data) < THRESHOLD
        if self._as_is and self._compressible_opcode(opcode):
            return rsv, data
        return super().frame_outbound(proto, opcode, rsv, data, fin)


def install() -> None:
    """Make simple-websocket negotiate :class:`LargeMessagesDeflate` (it names wsproto's
    ``PerMessageDeflate`` when it accepts a connection). Process-wide, idempotent."""
    simple_websocket.ws.PerMessageDeflate = LargeMessagesDeflate
