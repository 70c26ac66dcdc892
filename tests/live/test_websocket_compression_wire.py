"""permessage-deflate over the real server (gunicorn gevent, simple-websocket): a client that
offers it gets small Socket.IO messages as they are and a large one (the join's acknowledgement)
compressed on its own (realtime/websocket_compression.py)."""

import json
import socket
import zlib
from urllib.parse import urlparse

import pytest
import requests
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from realtime.websocket_compression import THRESHOLD

pytestmark = pytest.mark.live


class _Tablet:
    """A WebSocket client on a plain socket that keeps every frame the server sent as it came."""

    def __init__(self, url: str):
        parsed = urlparse(url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=20)
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.buffer = b""
        self.frames = []  # (RSV1, payload as sent, the message as the client reads it)
        offer = Request(
            host=parsed.netloc, target="/socket.io/?EIO=4&transport=websocket", extensions=[PerMessageDeflate()]
        )
        self.sock.sendall(self.ws.send(offer))
        data = b""
        while b"\r\n\r\n" not in data:
            data += self.sock.recv(65536)
        # only the handshake goes to wsproto here: the first frames may come in the same read, and
        # receive() must see them as they came (they used to vanish into wsproto: a 20 s timeout)
        head, _, self.buffer = data.partition(b"\r\n\r\n")
        self.ws.receive_data(head + b"\r\n\r\n")
        accepted = [e for e in self.ws.events() if isinstance(e, AcceptConnection)]
        assert accepted, head
        self.extensions = accepted[0].extensions

    def send(self, text: str) -> None:
        self.sock.sendall(self.ws.send(TextMessage(data=text)))

    def receive(self) -> str:
        while True:
            frame = self._frame()
            if frame is not None:
                self.ws.receive_data(frame)
                messages = [e for e in self.ws.events() if isinstance(e, TextMessage)]
                if messages:
                    self.frames.append((bool(frame[0] & 0x40), self._payload(frame), messages[0].data))
                    return messages[0].data
                continue
            self.buffer += self.sock.recv(65536)

    def _frame(self) -> bytes | None:
        b = self.buffer
        if len(b) < 2:
            return None
        length, start = b[1] & 0x7F, 2
        if length == 126:
            if len(b) < 4:
                return None
            length, start = int.from_bytes(b[2:4], "big"), 4
        elif length == 127:
            if len(b) < 10:
                return None
            length, start = int.from_bytes(b[2:10], "big"), 10
        if len(b) < start + length:
            return None
        self.buffer = b[start + length :]
        return b[: start + length]

    @staticmethod
    def _payload(frame: bytes) -> bytes:
        length, start = frame[1] & 0x7F, 2
        if length == 126:
            start = 4
        elif length == 127:
            start = 10
        return frame[start:]


def test_small_messages_as_they_are_the_join_compressed_on_its_own(live):
    token = live.flask("users", "token", "uyvien1").stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    meetings = requests.get(f"{live.url}/api/v1/meetings", headers=headers, timeout=10).json()["meetings"]
    meeting_id = next(m["id"] for m in meetings if m["state"] == "published")

    tablet = _Tablet(live.url)
    try:
        (negotiated,) = tablet.extensions
        assert negotiated.server_no_context_takeover
        assert tablet.receive().startswith("0{")  # Engine.IO's open
        tablet.send("40/meeting," + json.dumps({"token": token}))
        assert tablet.receive().startswith("40/meeting,")
        tablet.send("42/meeting,1" + json.dumps(["meeting.join", {"meeting_id": meeting_id}]))
        while not (ack := tablet.receive()).startswith("43/meeting,1"):
            pass
        assert json.loads(ack[len("43/meeting,1") :])[0]["ok"] is True
    finally:
        tablet.sock.close()

    assert len(ack.encode()) >= THRESHOLD  # the join's acknowledgement is a large message
    for compressed, payload, message in tablet.frames:
        if len(message.encode()) < THRESHOLD:
            assert not compressed and payload == message.encode()
        else:
            assert compressed and len(payload) < len(message.encode())
            # a fresh window reads it: no message leans on an earlier one
            assert zlib.decompressobj(-15).decompress(payload + b"\x00\x00\xff\xff").decode() == message
    assert any(compressed for compressed, _, _ in tablet.frames)
