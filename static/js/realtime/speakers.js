// The floor on every screen: the item under discussion, each item's speaker queue (from the join
// acknowledgement and `speaker.changed` / `agenda.current` events), and the speaking timer, counted
// against the server's clock so that a tablet whose clock is wrong still counts right
// (docs/realtime-protocol.md, "Counting the time"). TabletFloor is the member's bar in the viewer.

const EMPTY = { current: null, queue: [], done: [] };

export class Floor {
  constructor(userId) {
    this.userId = userId;
    this.items = new Map(); // agenda item id -> its floor (a speaker.changed payload)
    this.currentItemId = null;
    this.offset = 0; // server clock − local clock, in ms
    this.listeners = [];
  }

  onChange(listener) { this.listeners.push(listener); }

  changed() { for (const listener of this.listeners) listener(this); }

  // The join acknowledgement: the whole floor as it is now.
  joined(state) {
    this.items = new Map((state.speakers || []).map((floor) => [floor.agenda_item_id, floor]));
    this.currentItemId = state.agenda_item_id ?? null;
    this.sync(state.server_time);
    this.changed();
  }

  sync(serverTime) {
    if (serverTime) this.offset = Date.parse(serverTime) - Date.now();
  }

  // `live`: received now (its server_time is now); events replayed on catch-up are not.
  apply(name, data, live) {
    if (name === "speaker.changed") {
      this.items.set(data.agenda_item_id, data);
      if (live) this.sync(data.server_time);
    } else if (name === "agenda.current") {
      this.currentItemId = data.agenda_item_id;
    } else {
      return false;
    }
    this.changed();
    return true;
  }

  item(id) { return this.items.get(id) || EMPTY; }

  // Who has the floor (on whichever item): {entry, itemId} or null.
  speech() {
    for (const [itemId, floor] of this.items) {
      if (floor.current) return { entry: floor.current, itemId };
    }
    return null;
  }

  // The user's own standing on the item under discussion.
  mine() {
    if (this.currentItemId === null) return { state: "none" };
    const floor = this.item(this.currentItemId);
    if (floor.current && floor.current.user_id === this.userId) return { state: "speaking", id: floor.current.id };
    const waiting = floor.queue.find((entry) => entry.user_id === this.userId);
    return waiting ? { state: "waiting", id: waiting.id, place: waiting.place } : { state: "none" };
  }

  elapsedSeconds(entry) {
    return Math.max(0, Math.floor((Date.now() + this.offset - Date.parse(entry.started_at)) / 1000));
  }

  // The countdown ("04:12"), or past the allotted time the overrun ("+00:35").
  timer(entry) {
    const elapsed = this.elapsedSeconds(entry);
    const left = entry.allotted_seconds - elapsed;
    return left >= 0 ? { text: clock(left), over: false } : { text: `+${clock(-left)}`, over: true };
  }
}

export function clock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

export function itemLabel(items, id) {
  const item = id === null || id === undefined ? null : items[String(id)];
  return item ? `${item.number}. ${item.title}` : null;
}

export function showTimer(element, floor, entry) {
  if (!element) return;
  const { text, over } = entry ? floor.timer(entry) : { text: "", over: false };
  element.textContent = text;
  element.dataset.over = over ? "1" : "0";
}

export function fill(template, values) {
  return Object.entries(values).reduce((out, [key, value]) => out.replace(`{${key}}`, value), template);
}

// Re-render the timers of every view a few times a second while someone speaks.
export function startTicking(floor, views) {
  setInterval(() => {
    if (floor.speech()) for (const view of views) view.tick();
  }, 250);
}

// What every view of the floor shares: its words, its elements, re-rendering on each change, and
// sending a command (a refusal is told in a toast).
export class FloorView {
  constructor(floor, connection, { items, toast }) {
    this.floor = floor;
    this.connection = connection;
    this.items = items;
    this.toast = toast;
    this.text = document.getElementById("speakers-i18n").dataset;
    this.el = (id) => document.getElementById(id);
    floor.onChange(() => this.render());
  }

  async send(event, payload) {
    const ack = await this.connection.command(event, payload);
    if (!ack.ok) this.toast(ack.error || this.text.offline);
    return ack.ok;
  }
}

// The member's bar in the viewer (realtime/templates/realtime/_floor_bar.html).
export class TabletFloor extends FloorView {
  constructor(floor, connection, options) {
    super(floor, connection, options);
    this.closed = false;
    this.el("floor-request")?.addEventListener("click", () => this.send("speaker.request", {}));
    this.el("floor-withdraw")?.addEventListener("click", () => {
      const mine = this.floor.mine();
      if (mine.state === "waiting") this.send("speaker.withdraw", { id: mine.id });
    });
  }

  meetingEnded() {
    this.closed = true;
    this.render();
  }

  render() {
    const floor = this.floor;
    this.el("floor-item").textContent = itemLabel(this.items, floor.currentItemId) || this.text.noItem;
    for (const li of document.querySelectorAll("#live-agenda li[data-item-id]")) {
      li.dataset.current = li.dataset.itemId === String(floor.currentItemId) ? "1" : "0";
    }
    const speech = floor.speech();
    this.el("floor-bar").dataset.speaking = speech ? "1" : "0";
    this.el("floor-speaker").hidden = !speech;
    if (speech) this.el("floor-speaker-name").textContent = speech.entry.name;
    this.tick();
    const request = this.el("floor-request");
    if (!request) return;
    const mine = floor.mine();
    this.el("floor-bar").dataset.mine = mine.state;
    const place = this.el("floor-place");
    request.hidden = mine.state !== "none";
    request.disabled = this.closed || floor.currentItemId === null;
    // a greyed-out button says why: the meeting is over, or no item is under discussion yet
    const why = !request.disabled ? "" : this.closed ? this.text.ended : this.text.waitItem;
    request.title = why;
    place.textContent = mine.state === "waiting" ? fill(this.text.place, { n: mine.place })
      : mine.state === "speaking" ? this.text.youSpeak : why;
    place.dataset.hint = mine.state === "none" && why ? "1" : "0";
    this.el("floor-withdraw").hidden = mine.state !== "waiting" || this.closed;
  }

  tick() {
    const speech = this.floor.speech();
    showTimer(this.el("floor-timer"), this.floor, speech && speech.entry);
  }
}
