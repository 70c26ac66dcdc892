// Marks not yet acknowledged by the server, kept in localStorage so that a page reload, a lost
// connection or a closed tablet cannot lose them. Each entry keeps its client UUID: the server
// applies an id at most once, so sending an entry twice is harmless. An entry the server refused as
// sent too fast (code "rate_limited") stays as well: connection.js sends it again after retry_after.
export class Outbox {
  constructor(meetingId, userId) {
    this.key = `phonghop:outbox:${meetingId}:${userId}`;
  }

  all() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "[]");
    } catch {
      return [];
    }
  }

  save(entries) {
    localStorage.setItem(this.key, JSON.stringify(entries));
  }

  push(event, payload) {
    const entries = this.all();
    entries.push({ key: crypto.randomUUID(), event, payload });
    this.save(entries);
    return entries.length;
  }

  remove(key) {
    this.save(this.all().filter((e) => e.key !== key));
  }

  get size() {
    return this.all().length;
  }
}
