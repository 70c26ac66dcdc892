// The chair's console: who is here and whether the quorum holds, live; the secretary marks
// attendance; the chair opens a vote, follows how many have voted and closes it; every result.
import { LiveConnection } from "../realtime/connection.js";
import { applyFloorEvent, byId, fill, kicker, localTime, progressText, renderResult, showQuorum,
  texts } from "../realtime/floor_view.js";
import { Floor, startTicking } from "../realtime/speakers.js";
import { ConsolePanel } from "../realtime/speakers_console.js";

const root = document.getElementById("console");
const config = JSON.parse(root.dataset.config);
const t = texts();
const $ = (id) => document.getElementById(id);
const floor = { attendance: new Map(), quorum: null, votes: byId(config.votes) };
const speakers = new Floor(config.user_id); // the speakers' queue and the timer (its panel, when one may run it)

const connection = new LiveConnection(config.meeting_id, config.user_id, {
  onJoined(ack) {
    const state = ack.state.floor;
    floor.attendance = new Map(state.attendance.map((row) => [row.user_id, row]));
    floor.quorum = state.quorum;
    for (const vote of state.votes) floor.votes.set(vote.id, vote);
    speakers.joined(ack.state);
    render();
  },
  onEvent(name, data) {
    if (name === "meeting.state") $("meeting-state").textContent = data.state === "closed" ? t.meetingClosed : t.meetingInSession;
    if (speakers.apply(name, data, connection.joined)) return;
    // the seats changed (a member added or removed, a substitute approved): the quorum is new, the rows
    // drawn by the page are not — say so
    if (name === "attendance.changed" && data.attendance === null && connection.joined) $("roster-changed").hidden = false;
    if (applyFloorEvent(floor, name, data)) render();
  },
  onStatus(state) {
    const el = $("live-status");
    el.dataset.state = state;
    el.textContent = { online: t.connected, offline: t.offline, connecting: t.connecting }[state];
  },
  onRefused: (_entry, ack) => toast(ack.error),
});

function toast(message) {
  const el = $("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 6000);
}

async function command(event, payload) {
  const ack = await connection.command(event, payload);
  if (!ack.ok) toast(ack.error || t.offline);
  return ack;
}

// -- attendance ---------------------------------------------------------------------------------
function statusText(row) {
  if (!row || row.status === "unknown") return t.statusUnknown;
  if (row.status === "absent") return row.absent_reason ? `${t.statusAbsent} (${row.absent_reason})` : t.statusAbsent;
  if (row.status === "left") return fill(t.statusLeft, { time: localTime(row.left_at) });
  const parts = [`${t.statusPresent} ${localTime(row.checked_in_at)}`];
  if (row.mode === "online") parts.push(t.online);
  if (row.late) parts.push(t.late);
  return parts.join(" · ");
}

function renderAttendance() {
  showQuorum($("quorum-line"), floor.quorum, t);
  for (const tr of document.querySelectorAll("#attendance-rows tr[data-user-id]")) {
    const row = floor.attendance.get(Number(tr.dataset.userId));
    tr.dataset.status = row ? row.status : "unknown";
    tr.querySelector(".att-status").textContent = statusText(row);
    const present = row?.status === "present";
    for (const b of tr.querySelectorAll("[data-action]")) {
      const action = b.dataset.action;
      b.hidden = (action === "check_in" && present) || (action === "left" && !present)
        || (action === "late" && (!present || row.late));
    }
  }
}

function bindAttendance() {
  const dialog = $("absent-dialog");
  for (const b of document.querySelectorAll("#attendance-rows [data-action]")) {
    b.addEventListener("click", async () => {
      const userId = Number(b.closest("tr").dataset.userId);
      if (b.dataset.action !== "absent") {
        command("attendance.mark", { user_id: userId, action: b.dataset.action });
        return;
      }
      $("absent-reason").value = "";
      dialog.showModal();
      dialog.addEventListener("close", () => {
        if (dialog.returnValue === "save") {
          command("attendance.mark", { user_id: userId, action: "absent", reason: $("absent-reason").value });
        }
      }, { once: true });
    });
  }
  $("absent-cancel")?.addEventListener("click", () => dialog.close("cancel"));
}

// -- votes ---------------------------------------------------------------------------------------
function renderVotes() {
  const votes = [...floor.votes.values()];
  const open = votes.find((v) => v.state === "open");
  $("vote-current").hidden = !open;
  if ($("vote-form")) $("vote-form").hidden = Boolean(open);
  if (open) {
    $("vote-current").dataset.voteId = String(open.id);
    $("current-kicker").textContent = kicker(open, t);
    $("current-question").textContent = open.question;
    $("current-progress").textContent = progressText(open.progress, t);
  }
  const closed = votes.filter((v) => v.state === "closed").sort((a, b) => a.id - b.id);
  $("vote-results-empty").hidden = closed.length > 0;
  $("vote-results").replaceChildren(...closed.map((vote) => {
    const li = document.createElement("li");
    li.dataset.voteId = String(vote.id);
    const head = document.createElement("p");
    head.textContent = `${vote.question} — ${kicker(vote, t)}`;
    const body = document.createElement("div");
    renderResult(body, vote, t);
    li.append(head, body);
    return li;
  }));
}

function bindVotes() {
  const form = $("vote-form");
  if (!form) return;
  const kind = () => form.querySelector('input[name="vote-kind"]:checked').value;
  for (const radio of form.querySelectorAll('input[name="vote-kind"]')) {
    radio.addEventListener("change", () => { $("vote-options-wrap").hidden = kind() !== "choice"; });
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const payload = { agenda_item_id: Number($("vote-item").value), question: $("vote-question").value,
      kind: kind(), secret: $("vote-secret").checked };
    if (payload.kind === "choice") payload.options = $("vote-options").value.split("\n").filter((l) => l.trim());
    const ack = await command("vote.open", payload);
    if (ack.ok) $("vote-question").value = "";
  });
  $("vote-close")?.addEventListener("click", () => {
    command("vote.close", { vote_id: Number($("vote-current").dataset.voteId) });
  });
}

function render() {
  renderAttendance();
  renderVotes();
}

bindAttendance();
bindVotes();
render();
if ($("console-speakers")) {
  const panel = new ConsolePanel(speakers, connection, { items: config.items, toast });
  panel.render();
  startTicking(speakers, [panel]);
}
connection.start();
