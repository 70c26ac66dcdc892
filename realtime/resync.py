"""After a Redis outage, the tablets of this process catch up from the seq log.

With several processes every emit travels through Redis, this process's own included. While Redis
is away (restarted, unreachable) nothing is delivered live — the changes are committed and
numbered all the same — and once it is back, python-socketio's listener subscribes again after
its back-off; what was published in between never reaches this process's sockets. A tablet
cannot notice (its numbers are not contiguous: others' private changes use numbers too), and the
first live event after the gap would move its ``since_seq`` past the changes it missed.

Since python-socketio 5 a process delivers its own emits to its own sockets at once and publishes
them for the others, so during an outage a tablet would still see its own process's changes live,
and its ``since_seq`` would move past the other processes' changes it never got. Therefore, from
the moment this process loses Redis (its listener fails, or a publish gives up) until it has
subscribed again, it delivers nothing live, not even its own changes: every tablet's last applied
change stays the one before the outage. Once subscribed again, and before delivering anything else,
its sockets leave every room and their transports are closed. Each tablet reconnects as after any
network loss and joins with ``since_seq`` = the last change it applied: the acknowledgement's
``missed`` is exactly what it did not see (docs/reliability.md, "Processes"). Commands keep working
meanwhile (they are stored and acknowledged); only their broadcast waits for the catch-up.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


class ResyncAfterOutage:
    """Mixin for the Redis client manager: holds live delivery while the queue is lost, and makes
    the sockets rejoin once it is back."""

    queue_lost = False

    def _handle_emit(self, message):
        if self.queue_lost:
            return  # nothing live until the tablets have caught up (see the module's docstring)
        super()._handle_emit(message)

    def _publish(self, data):
        """python-socketio's publishing (two attempts), noting a failure as a lost queue."""
        for retries_left in (1, 0):
            try:
                if not self.connected:
                    self._redis_connect()
                return self.redis.publish(self.channel, self.json.dumps(data))
            except Exception as exc:  # redis.exceptions.ConnectionError and friends
                self.connected = False
                if retries_left == 0:
                    self.queue_lost = True
                    self._get_logger().error(
                        "Cannot publish to redis... giving up", extra={"redis_exception": str(exc)}
                    )
                    self._drop_subscription()

    def _drop_subscription(self) -> None:
        """Make the listener start over (subscribe again, then the sockets rejoin) even if its own
        connection has not noticed the loss yet: otherwise live delivery would stay held."""
        connection = getattr(getattr(self, "pubsub", None), "connection", None)
        if connection is not None:
            try:
                connection.disconnect()
            except Exception:  # noqa: BLE001 - already broken: the listener notices by itself
                log.debug("closing the subscription failed", exc_info=True)

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
                    if lost or self.queue_lost:
                        self._make_local_sockets_rejoin()
                        lost = self.queue_lost = False  # after the sockets left their rooms
                yield from self.pubsub.listen()
            except Exception as exc:  # redis.exceptions.ConnectionError and friends, as the original
                self._get_logger().error(
                    f"Cannot receive from redis... retrying in {retry_sleep} secs", extra={"redis_exception": str(exc)}
                )
                subscribed, lost = False, True
                self.queue_lost = True
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
        log.warning("message queue back after an outage: %d connections rejoin to catch up", len(set(closing)))
        for eio_sid in set(closing):
            # the transport, not the Socket.IO session: the clients reconnect by themselves
            self.server.start_background_task(self.server.eio.disconnect, eio_sid)
