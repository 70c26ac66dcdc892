// The /meeting socket: join with the last seen seq, apply what was missed exactly once, keep the
// seq order, flush the offline outbox after every (re)join. Join again for a full snapshot when the
// server says a change may have been lost (sync.rejoin, live or in missed) or when a change arrives
// after a later one was applied (several server processes deliver through Redis out of order).
import { Outbox } from "./outbox.js";

const ACK_TIMEOUT_MS = 10000;
// retry_after of a rate-limited command (seconds) as a delay; 1 s when the server gave none.
const delayMs = (seconds) => Math.max(100, Math.min(60000, (Number(seconds) || 1) * 1000));
// Server events every page of the live session follows (docs/realtime-protocol.md).
export const LIVE_EVENTS = ["slide.changed", "presenter.changed", "annotation.changed", "presence.changed", "meeting.state",
  "agenda.current", "speaker.changed", "attendance.changed", "vote.opened", "vote.progress", "vote.ballot", "vote.closed"];
// The server lost a process that may have left changes undelivered: take a full snapshot again.
export const REJOIN_EVENT = "sync.rejoin";

export class LiveConnection {
  // options: {auth, joinEvent} — the projector connects with {screen: token} and joins with "screen.join"
  constructor(meetingId, userId, handlers, options = {}) {
    this.meetingId = meetingId;
    this.joinEvent = options.joinEvent || "meeting.join";
    // {onEvent(name, data), onJoined(ack), onStatus(state, pending), onRefused(entry, ack), onRevoked(data)}
    this.handlers = handlers;
    this.outbox = new Outbox(meetingId, userId);
    this.seq = null; // the highest seq applied; null until the first join
    this.snapshotSeq = -1; // the seq of the last full snapshot: a sync.rejoin at or before it is done
    this.base = 0; // the seq the last join's answer covers: live events up to it are in it
    this.seen = new Set(); // the seqs applied after it (a late one, below the highest, means a lost order)
    this.full = false; // the next join asks for a full snapshot (no since_seq)
    this.rejoins = 0; // how many full rejoins the server's sync.rejoin or a late event caused
    this.joined = false;
    this.revoked = false; // access.revoked: the server closed the connection for good
    this.buffer = [];
    this.flushing = false;
    this.retryTimer = null; // set while the server's rate limit holds the outbox back
    // eslint-disable-next-line no-undef
    this.socket = io("/meeting", { autoConnect: false, reconnectionDelayMax: 5000, auth: options.auth });
    this.socket.on("connect", () => this.join());
    this.socket.on("disconnect", () => { this.joined = false; this.status(); });
    for (const name of [...LIVE_EVENTS, REJOIN_EVENT]) {
      this.socket.on(name, (data) => this.receive(name, data));
    }
    if (handlers.onRevoked) this.socket.on("screen.revoked", () => handlers.onRevoked());
    // Removed from the meeting, token revoked, account disabled: the server closes the connection;
    // do not connect again (the marks not yet sent stay in the outbox of this browser).
    this.socket.on("access.revoked", (data) => {
      this.revoked = true;
      this.joined = false;
      this.handlers.onRevoked(data);
      this.status();
    });
    // A tablet that loses its network notices at once instead of waiting for a ping timeout.
    window.addEventListener("offline", () => this.socket.disconnect());
    window.addEventListener("online", () => { if (!this.revoked) this.socket.connect(); });
  }

  start() {
    if (navigator.onLine !== false) this.socket.connect();
    this.status();
  }

  status() {
    const state = this.joined ? "online" : (this.socket.connected ? "connecting" : "offline");
    this.handlers.onStatus(state, this.outbox.size);
  }

  async join() {
    this.buffer = [];
    const payload = { meeting_id: this.meetingId };
    if (this.seq !== null && !this.full) payload.since_seq = this.seq;
    let ack;
    try {
      ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(this.joinEvent, payload);
    } catch {
      if (!this.revoked) this.socket.disconnect().connect();
      return;
    }
    if (!ack.ok && ack.code === "rate_limited") { // joined too often: join again when the server allows
      setTimeout(() => { if (this.socket.connected && !this.joined) this.join(); }, delayMs(ack.retry_after));
      return;
    }
    if (!ack.ok) {
      this.handlers.onRefused({ event: this.joinEvent }, ack);
      return;
    }
    this.full = false;
    if (ack.snapshot) this.snapshotSeq = ack.seq;
    this.handlers.onJoined(ack);
    let lost = false;
    for (const missed of ack.missed) {
      if (missed.event === REJOIN_EVENT) lost = lost || missed.data.seq > this.snapshotSeq;
      else this.apply(missed.event, missed.data);
    }
    this.seq = Math.max(this.seq ?? 0, ack.seq);
    this.base = this.seq;
    this.seen = new Set();
    this.joined = true;
    const buffered = this.buffer;
    this.buffer = [];
    for (const [name, data] of buffered) this.receive(name, data);
    if (lost) { this.rejoin(); return; }
    this.status();
    this.flush();
  }

  // A full snapshot again, on this connection: live events wait in the buffer meanwhile.
  rejoin() {
    if (!this.joined) { this.full = true; return; } // the join under way (or the next one) does it
    this.rejoins += 1;
    this.joined = false;
    this.full = true;
    this.status();
    this.join();
  }

  receive(name, data) {
    if (!this.joined) { this.buffer.push([name, data]); return; }
    if (name === REJOIN_EVENT) { // whatever its seq: it may come after a later change
      if (data.seq > this.snapshotSeq) this.rejoin();
      return;
    }
    if (data.seq <= this.base || this.seen.has(data.seq)) return; // already in the join's answer, or applied
    if (data.seq < this.seq) { this.rejoin(); return; } // arrived after a later one: the order is lost
    this.apply(name, data);
  }

  apply(name, data) {
    this.seq = Math.max(this.seq ?? 0, data.seq);
    this.seen.add(data.seq);
    this.handlers.onEvent(name, data);
  }

  // Commands: marks go through the outbox; slide and presenter commands only when connected.
  async command(event, payload) {
    if (!this.joined) return { ok: false, offline: true };
    try {
      return await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { meeting_id: this.meetingId, ...payload });
    } catch {
      return { ok: false, offline: true };
    }
  }

  queue(event, payload) {
    this.outbox.push(event, payload);
    this.status();
    this.flush();
  }

  async flush() {
    if (this.flushing || !this.joined || this.retryTimer) return;
    this.flushing = true;
    let stalled = false;
    try {
      for (const entry of this.outbox.all()) {
        if (!this.joined) { stalled = true; break; }
        const ack = await this.command(entry.event, entry.payload);
        if (ack.offline) { stalled = true; break; } // kept: sent again after the next join
        if (ack.code === "rate_limited") { stalled = true; this.retryLater(ack.retry_after); break; } // kept, in order
        this.outbox.remove(entry.key);
        if (!ack.ok) this.handlers.onRefused(entry, ack);
        this.status();
      }
    } finally {
      this.flushing = false;
      this.status();
    }
    if (!stalled && this.outbox.size) this.flush(); // marks made while this flush ran
  }

  // Over the server's rate limit nothing was stored: the entry stays first in the outbox and the
  // flush resumes once retry_after has passed (or after the next join, whichever comes later).
  retryLater(seconds) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => { this.retryTimer = null; this.flush(); }, delayMs(seconds));
  }
}
