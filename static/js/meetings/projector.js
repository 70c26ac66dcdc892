// The projector view (màn hình chiếu): a read-only screen joined with the meeting's secret link.
// It shows the current agenda item (from the slide on screen, or the item being voted on), the
// quorum, who has the floor with their timer, how many have voted and the result — never who chose
// what, nor who waits to speak.
import { LiveConnection } from "../realtime/connection.js";
import { applyFloorEvent, byId, currentVote, kicker, progressText, renderResult, showQuorum,
  texts } from "../realtime/floor_view.js";
import { Floor, startTicking } from "../realtime/speakers.js";
import { ProjectorView } from "../realtime/speakers_console.js";

const root = document.getElementById("projector");
const config = JSON.parse(root.dataset.config);
const t = texts();
const $ = (id) => document.getElementById(id);
const view = { agenda: [], documentItems: {}, slide: null, floor: { attendance: new Map(), quorum: null, votes: new Map() } };
const items = {}; // agenda item id -> {number, title}, for the speaker's panel
const speakers = new Floor(null);
const speakerView = new ProjectorView(speakers, { items });
speakers.onChange(() => render());

const connection = new LiveConnection(config.meeting_id, null, {
  onJoined(ack) {
    const state = ack.state;
    view.agenda = state.agenda;
    view.documentItems = Object.fromEntries(state.documents.map((d) => [String(d.id), d.agenda_item_id]));
    view.slide = state.slide;
    view.floor.quorum = state.floor.quorum;
    view.floor.votes = byId(state.floor.votes);
    for (const item of state.agenda) items[String(item.id)] = { number: item.number, title: item.title };
    speakers.joined(state);
    if (state.meeting.state === "closed") $("projector-ended").hidden = false;
    render();
  },
  onEvent(name, data) {
    if (name === "slide.changed") view.slide = data;
    else if (name === "meeting.state") $("projector-ended").hidden = data.state !== "closed";
    else if (speakers.apply(name, data, connection.joined)) return;
    else applyFloorEvent(view.floor, name, data);
    render();
  },
  onStatus(state) {
    const el = $("live-status");
    el.dataset.state = state;
    el.textContent = { online: t.connected, offline: t.offline, connecting: t.connecting }[state];
  },
  onRefused: (_entry, ack) => revoked(ack.error),
  onRevoked: () => revoked(t.revoked),
}, { auth: { screen: config.token }, joinEvent: "screen.join" });

function revoked(message) {
  $("projector-revoked").textContent = message;
  $("projector-revoked").hidden = false;
  $("projector-vote").hidden = true;
  connection.socket.disconnect();
}

// The item the room is on: the open vote's, else the one under discussion, else the slide's document's.
function currentItem(vote) {
  const itemId = vote?.state === "open" ? vote.agenda_item_id
    : speakers.currentItemId ?? view.documentItems[String(view.slide?.document_id)];
  const item = view.agenda.find((i) => i.id === itemId);
  return item ? `${item.number}. ${item.title}` : "";
}

function render() {
  const vote = currentVote(view.floor.votes);
  $("current-item").textContent = currentItem(vote);
  showQuorum($("quorum-line"), view.floor.quorum, t);
  const panel = $("projector-vote");
  panel.hidden = !vote;
  if (!vote) return;
  panel.dataset.voteId = String(vote.id);
  panel.dataset.state = vote.state;
  $("vote-kicker").textContent = `${kicker(vote, t)} · ${vote.state === "open" ? t.stateOpen : t.stateClosed}`;
  $("vote-question").textContent = vote.question;
  $("vote-progress").textContent = progressText(vote.progress, t);
  renderResult($("vote-result"), vote, t);
}

speakerView.render();
startTicking(speakers, [speakerView]);
connection.start();
