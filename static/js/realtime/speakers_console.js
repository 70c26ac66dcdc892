// The chair's / secretary's speakers panel (meetings/_console_speakers.html) and the projector's
// view of the floor (meetings/_projector_speaker.html). Both read a Floor (speakers.js); the panel
// sends its commands over the page's LiveConnection.
import { localTime } from "./floor_view.js"; // Vietnam time, as the check-ins beside it (not the browser's zone)
import { FloorView, clock, fill, itemLabel, showTimer } from "./speakers.js";

function element(tag, { dataset = {}, ...props } = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  Object.assign(el.dataset, dataset);
  el.append(...children);
  return el;
}

export class ConsolePanel extends FloorView {
  constructor(floor, connection, options) {
    super(floor, connection, options);
    const select = this.el("console-current-item");
    select?.addEventListener("change", async () => {
      const ok = await this.send("agenda.current.set", { agenda_item_id: select.value ? Number(select.value) : null });
      if (!ok) this.render();
    });
    this.el("console-next").addEventListener("click", () => this.send("speaker.next", {}));
    this.el("console-end").addEventListener("click", () => this.send("speaker.end", {}));
    this.el("console-queue").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const id = Number(button.dataset.id);
      if (button.dataset.action === "remove" && !window.confirm(fill(this.text.removeConfirm, { name: button.dataset.name }))) return;
      this.send(button.dataset.action === "grant" ? "speaker.grant" : "speaker.remove", { id });
    });
  }

  render() {
    const floor = this.floor;
    const select = this.el("console-current-item");
    if (select) select.value = floor.currentItemId === null ? "" : String(floor.currentItemId);
    const speech = floor.speech();
    this.el("console-now").dataset.speaking = speech ? "1" : "0";
    this.el("console-speaker-name").textContent = speech ? speech.entry.name : this.text.nobody;
    this.el("console-end").disabled = !speech;
    this.tick();
    const current = floor.item(floor.currentItemId);
    this.el("console-next").disabled = floor.currentItemId === null || (!current.queue.length && !speech);
    this.el("console-queue-count").textContent = String(current.queue.length);
    this.el("console-queue").replaceChildren(...(current.queue.length ? current.queue.map((entry) => element("li",
      { className: "console-request", dataset: { id: String(entry.id), userId: String(entry.user_id) } },
      element("span", { className: "console-who" }, element("strong", { textContent: entry.name }),
        entry.job_title ? ` – ${entry.job_title}` : "",
        element("span", { className: "muted", textContent: ` · ${fill(this.text.waiting, { time: localTime(entry.requested_at) })}` })),
      element("span", { className: "console-request-actions" },
        element("button", { type: "button", className: "floor-button", textContent: this.text.grant,
          dataset: { action: "grant", id: String(entry.id) } }),
        element("button", { type: "button", className: "floor-button danger", textContent: this.text.remove,
          dataset: { action: "remove", id: String(entry.id), name: entry.name } }))))
      : [element("li", { className: "empty", textContent: this.text.emptyQueue })]));
    this.el("console-done").replaceChildren(...(current.done.length ? current.done.map((entry) => element("li",
      { dataset: { id: String(entry.id) } }, element("strong", { textContent: entry.name }),
      entry.job_title ? ` – ${entry.job_title}` : "",
      element("span", { className: "console-duration", textContent: ` · ${clock(entry.duration_seconds)}` })))
      : [element("li", { className: "empty", textContent: this.text.noneSpoke })]));
  }

  tick() {
    const speech = this.floor.speech();
    showTimer(this.el("console-timer"), this.floor, speech && speech.entry);
  }
}

export class ProjectorView extends FloorView {
  constructor(floor, { items }) {
    super(floor, null, { items, toast: () => {} });
  }

  render() {
    const floor = this.floor;
    const speech = floor.speech();
    this.el("projector-speaker").dataset.speaking = speech ? "1" : "0";
    this.el("projector-item").textContent = itemLabel(this.items, speech ? speech.itemId : floor.currentItemId)
      || this.text.noItem;
    this.el("projector-name").textContent = speech ? speech.entry.name : "";
    this.el("projector-job").textContent = speech ? speech.entry.job_title : "";
    this.tick();
  }

  tick() {
    const speech = this.floor.speech();
    showTimer(this.el("projector-timer"), this.floor, speech && speech.entry);
  }
}
