"""After a Redis outage, the tablets of this process catch up from the seq log.

With several processes every emit travels through Redis, this process's own included. While Redis
is away (restarted, unreachable) nothing is delivered live — the changes are committed and
numbered all the same — and once it is back, python-socketio's listener subscribes again after
its back-off; what was published in between never reaches this process's sockets. A tablet
cannot notice (its numbers are not contiguous: others' private changes use numbers too), and the
first live event after the gap would move its ``since_seq`` past the changes it missed.

So when the listener subscribes again after losing Redis, before delivering anything else, this
process's sockets leave every room (nothing more reaches them) and their transports are closed.
Each tablet reconnects as after any network loss and joins with ``since_seq`` = the last change
it applied, which is before the outage: the acknowledgement's ``missed`` is exactly what it did
not see (docs/reliability.md, "Processes"; docs/realtime-protocol.md, "Sequence numbers").
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


class ResyncAfterOutage:
    """Mixin for the Redis client manager: notices a re-subscription after a failure."""

    resyncs = 0  # how many times this process made its sockets catch up (logged, for the drills)

    def _redis_listen_with_retries(self):
        """python-socketio's listening loop (``RedisManager._redis_listen_with_retries``, 5.x), with
        one step added: after subscribing again following a failure, the sockets rejoin."""
        retry_sleep = 1
        subscribed = False
        lost = False
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    subscribed = True
                    retry_sleep = 1
                    if lost:
                        self._make_local_sockets_rejoin()
                        lost = False
                yield from self.pubsub.listen()
            except Exception as exc:  # redis.exceptions.ConnectionError and friends, as the original
                self._get_logger().error(
                    f"Cannot receive from redis... retrying in {retry_sleep} secs", extra={"redis_exception": str(exc)}
                )
                subscribed, lost = False, True
                time.sleep(retry_sleep)
                retry_sleep = min(retry_sleep * 2, 60)

    def _make_local_sockets_rejoin(self) -> None:
        closing = []
        for namespace in list(self.rooms):
            for sid, eio_sid in list(self.get_participants(namespace, None)):
                for room in self.get_rooms(sid, namespace):
                    if room != sid:
                        self.basic_leave_room(sid, namespace, room)
                closing.append(eio_sid)
        ResyncAfterOutage.resyncs += 1
        log.warning("message queue back after an outage: %d connections rejoin to catch up", len(set(closing)))
        for eio_sid in set(closing):
            # the transport, not the Socket.IO session: the clients reconnect by themselves
            self.server.start_background_task(self.server.eio.disconnect, eio_sid)
