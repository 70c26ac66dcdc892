"""Baseline for the fan-out benchmark: bare python-socketio on the same gevent server, one room,
the same event shape, no authentication, permission check or persistence."""

import socketio

sio = socketio.Server(async_mode="gevent", cors_allowed_origins=[])
app = socketio.WSGIApp(sio)
_seq = 0


@sio.on("join", namespace="/bare")
def join(sid, data):
    sio.enter_room(sid, "room", namespace="/bare")
    return {"ok": True}


@sio.on("slide.set", namespace="/bare")
def slide_set(sid, data):
    global _seq
    _seq += 1
    sio.emit(
        "slide.changed",
        {
            "meeting_id": data["meeting_id"],
            "document_id": data["document_id"],
            "page": data["page"],
            "zoom": data.get("zoom", 1),
            "by": 0,
            "seq": _seq,
        },
        room="room",
        namespace="/bare",
        skip_sid=sid,
    )
    return {"ok": True, "seq": _seq}
