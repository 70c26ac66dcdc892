// The speakers page (/meetings/<id>/speakers): the speakers panel and the projector view of the
// floor, over the page's own /meeting connection.
import { LiveConnection } from "./connection.js";
import { Floor, startTicking } from "./speakers.js";
import { ConsolePanel, ProjectorView } from "./speakers_console.js";

const root = document.getElementById("speakers-page");
const config = JSON.parse(root.dataset.config);
const text = document.getElementById("i18n").dataset;

function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 5000);
}

const floor = new Floor(config.user_id);
const connection = new LiveConnection(config.meeting_id, config.user_id, {
  onJoined: (ack) => floor.joined(ack.state),
  onEvent: (name, data) => floor.apply(name, data, connection.joined),
  onStatus: (status) => {
    const el = document.getElementById("live-status");
    el.dataset.state = status;
    el.textContent = { online: text.online, offline: text.offline, connecting: text.connecting }[status];
  },
  onRefused: (entry, ack) => toast(ack.error),
});
const views = [new ConsolePanel(floor, connection, { items: config.items, toast }),
  new ProjectorView(floor, { items: config.items })];
for (const view of views) view.render();
startTicking(floor, views);
connection.start();
