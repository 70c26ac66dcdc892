"""permessage-deflate as the server negotiates it (realtime/websocket_compression.py): small
messages as they are, large ones compressed each on its own, no compressor kept — checked on the
bytes wsproto puts on the wire, against wsproto's own client with the standard extension."""

import zlib

import simple_websocket.ws
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from realtime.websocket_compression import THRESHOLD, LargeMessagesDeflate


def _pair():
    client = WSConnection(ConnectionType.CLIENT)
    server = WSConnection(ConnectionType.SERVER)
    server.receive_data(client.send(Request(host="x", target="/socket.io/", extensions=[PerMessageDeflate()])))
    (request,) = list(server.events())
    assert isinstance(request, Request)
    extension = LargeMessagesDeflate()
    client.receive_data(server.send(AcceptConnection(extensions=[extension])))
    (accepted,) = list(client.events())
    return client, server, extension, accepted


def _header(frame: bytes) -> tuple[bool, bytes]:
    """(RSV1, payload) of one unmasked server frame."""
    length, start = frame[1] & 0x7F, 2
    if length == 126:
        length, start = int.from_bytes(frame[2:4], "big"), 4
    elif length == 127:
        length, start = int.from_bytes(frame[2:10], "big"), 10
    return bool(frame[0] & 0x40), frame[start : start + length]


def _received(client, frame: bytes) -> str:
    client.receive_data(frame)
    (message,) = list(client.events())
    assert isinstance(message, TextMessage) and message.message_finished
    return message.data


def test_the_server_answers_the_offer_without_context_takeover():
    _client, _server, _extension, accepted = _pair()
    (negotiated,) = accepted.extensions
    assert isinstance(negotiated, PerMessageDeflate) and negotiated.enabled()
    assert negotiated.server_no_context_takeover  # the client was told: each message stands alone


def test_small_messages_go_as_they_are_and_large_ones_compressed_on_their_own():
    client, server, extension, _ = _pair()
    small = '42/meeting,["slide.changed",{"meeting_id":1,"document_id":2,"page":3,"zoom":1.0,"by":4,"seq":5}]'
    large = '43/meeting,1[{"ok":true,"missed":[' + ",".join(f'{{"seq":{i},"page":{i % 7}}}' for i in range(200)) + "]}]"
    assert len(small) < THRESHOLD <= len(large)
    for _ in range(3):  # again and again: nothing carries over between messages
        frame = server.send(TextMessage(data=small))
        compressed, payload = _header(frame)
        assert not compressed and payload == small.encode()
        assert _received(client, frame) == small
        assert extension._compressor is None  # no zlib state held for the connection

        frame = server.send(TextMessage(data=large))
        compressed, payload = _header(frame)
        assert compressed and len(payload) < len(large) // 2
        # decodable with a fresh window: the message does not lean on earlier ones
        assert zlib.decompressobj(-15).decompress(payload + b"\x00\x00\xff\xff").decode() == large
        assert _received(client, frame) == large
        assert extension._compressor is None


def test_what_the_client_compresses_is_still_read():
    client, server, _extension, _ = _pair()
    text = '42/meeting,1["annotation.add",{"data":"' + "x" * 5000 + '"}]'
    server.receive_data(client.send(TextMessage(data=text)))
    (message,) = list(server.events())
    assert message.data == text


def test_the_application_installs_it(app):
    assert simple_websocket.ws.PerMessageDeflate is LargeMessagesDeflate
