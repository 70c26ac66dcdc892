// The tablet viewer of a live session: follows the presenter by default, lets a member browse
// freely (with a way back), lets the chair/secretary choose the presenter, and lets everyone
// annotate on their private layer (and the shared one when allowed).
import { LiveConnection } from "./connection.js";
import { MarkLayer, MarkStore, MarkTools } from "./annotations.js";
import { FloorPanel } from "./floor.js";
import { PdfViewer } from "./viewer.js";
import { Floor, TabletFloor, startTicking } from "./speakers.js";

const root = document.getElementById("live");
const config = JSON.parse(root.dataset.config);
const text = document.getElementById("i18n").dataset;
const $ = (id) => document.getElementById(id);
// The sidebar is a drawer under the same media query that loads live-drawer.css (one constant,
// realtime.views.DRAWER_QUERY): a portrait tablet gets the drawer however wide it is.
const drawerLayout = window.matchMedia(config.drawer_query);

const state = {
  presenterId: null,
  slide: { document_id: null, page: 1, zoom: 1 }, // where the presenter is
  following: true,
  joinedOnce: false,
  undo: [], // ids of own marks made in this session, newest last
};

const store = new MarkStore();
const layer = new MarkLayer($("marks-canvas"), $("notes"), store);
const viewer = new PdfViewer($("stage"), config.documents, config.pdf_worker, onRendered, () => toast(text.loadError));
const connection = new LiveConnection(config.meeting_id, config.user_id, {
  onJoined, onEvent, onStatus, onRevoked, onRefused: (entry, ack) => {
    if (entry.event === "annotation.add") { store.remove(entry.payload.annotation.id); layer.draw(); }
    toast(ack.error);
  },
});

const votePanel = new FloorPanel(config, connection, toast);

function toast(message) {
  const el = $("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 5000);
}

const floor = new Floor(config.user_id);
const tabletFloor = new TabletFloor(floor, connection, { items: config.items, toast });
startTicking(floor, [tabletFloor]);

// -- presenting and following ----------------------------------------------------------------
function presenting() {
  return $("present-toggle").checked && canPresent();
}

function canPresent() {
  return config.can.control || (config.can.present && state.presenterId === config.user_id);
}

function refreshPresenterControls() {
  $("present-toggle-label").hidden = !canPresent();
  if (!canPresent()) $("present-toggle").checked = false;
  const select = $("presenter-select");
  if (select) select.value = state.presenterId ? String(state.presenterId) : "";
  refreshFollow();
}

function refreshFollow() {
  const away = !state.following && !presenting() && state.slide.document_id !== null;
  $("follow-presenter").hidden = !away;
  root.dataset.following = state.following ? "1" : "0";
}

function followPresenter() {
  state.following = true;
  refreshFollow();
  if (state.slide.document_id !== null) viewer.show(state.slide.document_id, state.slide.page, state.slide.zoom);
}

// Local navigation: broadcast it when presenting, otherwise leave the presenter's page.
async function navigate(documentId, page, zoom) {
  if (presenting()) {
    viewer.show(documentId, page, zoom);
    const ack = await connection.command("slide.set", { document_id: documentId, page, zoom });
    if (!ack.ok && !ack.offline) toast(ack.error);
    return;
  }
  state.following = false;
  refreshFollow();
  viewer.show(documentId, page, zoom);
}

// -- server state -------------------------------------------------------------------------------
function onJoined(ack) {
  if (ack.snapshot) { // a full snapshot replaces the marks (a first join, or a rejoin on sync.rejoin)
    store.reset(ack.state.annotations);
    keepPendingMarks();
  }
  floor.joined(ack.state);
  state.presenterId = ack.state.presenter_id;
  showPresence(ack.state.present);
  if (!state.joinedOnce && state.presenterId === config.user_id) $("present-toggle").checked = true;
  state.joinedOnce = true;
  refreshPresenterControls();
  setSlide(ack.state.slide);
  layer.draw();
  votePanel.joined(ack.state.floor);
}

// Strokes drawn here and not yet acknowledged are not in a snapshot yet: keep them on screen, and
// keep hidden the marks whose deletion is still waiting to be sent.
function keepPendingMarks() {
  for (const entry of connection.outbox.all()) {
    if (entry.event === "annotation.add" && !store.marks.has(entry.payload.annotation.id)) {
      store.local({ ...entry.payload.annotation, author_id: config.user_id, deleted: false });
    } else if (entry.event === "annotation.delete") {
      const known = store.marks.get(entry.payload.id);
      if (known) store.apply("delete", known.annotation, known.seq);
    }
  }
}

function setSlide(slide) {
  state.slide = { document_id: slide.document_id, page: slide.page, zoom: slide.zoom };
  // The presenter shows a document this user may not read: the server names neither it nor its page.
  $("presenter-hidden").hidden = !slide.hidden;
  if (slide.document_id === null) return refreshFollow();
  if (state.following || presenting()) viewer.show(slide.document_id, slide.page, slide.zoom);
  refreshFollow();
}

function onEvent(name, data) {
  if (floor.apply(name, data, connection.joined)) return; // agenda.current, speaker.changed
  if (name === "slide.changed") {
    // a presenter's own echo must not pull them back from a page they have moved on from
    if (data.by === config.user_id && presenting()) { state.slide = data; return; }
    setSlide(data);
  } else if (name === "presenter.changed") {
    const wasMe = state.presenterId === config.user_id;
    state.presenterId = data.presenter_id;
    if (data.presenter_id === config.user_id && !wasMe) $("present-toggle").checked = true;
    refreshPresenterControls();
  } else if (name === "annotation.changed") {
    store.apply(data.op, data.annotation, data.seq);
    layer.draw();
  } else if (name === "presence.changed") {
    showPresence(data.present);
  } else if (name === "meeting.state" && data.state === "closed") {
    meetingEnded();
  } else if (name.startsWith("attendance.") || name.startsWith("vote.")) {
    votePanel.event(name, data);
  }
}

// The meeting was closed while this tablet had it open: say so, and stop offering the live tools
// (the server refuses live changes to a closed meeting anyway).
function meetingEnded() {
  $("meeting-ended").hidden = false;
  document.body.dataset.meetingState = "closed";
  tabletFloor.meetingEnded();
  stopTools();
}

// This user lost access (removed from the meeting, signed out elsewhere): the server has closed the
// connection; say why, take the page off the screen and stop offering anything.
function onRevoked(data) {
  const message = $("access-lost");
  message.textContent = data.reason === "removed" ? text.accessRemoved : text.accessSignedOut;
  message.hidden = false;
  document.body.dataset.access = "revoked";
  $("page-wrap").hidden = true;
  $("presenter-hidden").hidden = true;
  stopTools();
  for (const b of document.querySelectorAll(".doc-link, .thumb, #prev-page, #next-page, #zoom-in, #zoom-out, " +
    "#presenter-select, #follow-presenter")) b.disabled = true;
}

function stopTools() {
  const view = document.querySelector('#tools [data-tool="view"]');
  if (view) view.click();
  for (const b of document.querySelectorAll("#tools [data-tool], #layers button, #undo, #present-toggle")) {
    if (b.dataset.tool !== "view") b.disabled = true;
  }
}

function showPresence(present) {
  const list = $("presence");
  if (!list) return;
  const ids = new Set(present);
  for (const li of list.querySelectorAll("li[data-user-id]")) {
    li.dataset.present = ids.has(Number(li.dataset.userId)) ? "1" : "0";
  }
  $("present-count").textContent = String(present.length);
}

function onStatus(status, pending) {
  const el = $("live-status");
  el.dataset.state = status;
  el.dataset.pending = String(pending);
  const label = { online: text.online, offline: text.offline, connecting: text.connecting }[status];
  el.textContent = pending ? `${label} · ${text.pending.replace("{n}", pending)}` : label;
}

// Page thumbnails of the document on screen (stored page images); a tap turns to that page.
function showThumbnails(view) {
  const strip = $("thumb-strip");
  if (strip.dataset.documentId !== String(view.documentId)) {
    strip.dataset.documentId = String(view.documentId);
    strip.replaceChildren(...(config.documents[view.documentId]?.thumbs || []).map((url, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "thumb";
      button.dataset.page = String(i + 1);
      button.title = text.thumb.replace("{page}", i + 1);
      const img = document.createElement("img");
      img.src = url;
      img.alt = button.title;
      img.loading = "lazy";
      button.append(img, Object.assign(document.createElement("span"), { textContent: String(i + 1) }));
      button.addEventListener("click", () => navigate(view.documentId, i + 1, viewer.view.zoom));
      return button;
    }));
  }
  for (const b of strip.querySelectorAll(".thumb")) {
    b.setAttribute("aria-current", Number(b.dataset.page) === view.page ? "true" : "false");
  }
}

function onRendered(view, size) {
  $("page-label").textContent = text.page.replace("{page}", view.page).replace("{count}", viewer.pageCount());
  const shown = config.documents[String(view.documentId)];
  $("doc-title").textContent = shown ? shown.title : "";
  $("doc-title").title = shown ? shown.title : "";
  showThumbnails(view);
  for (const b of document.querySelectorAll(".doc-link")) {
    b.setAttribute("aria-current", Number(b.dataset.documentId) === view.documentId ? "true" : "false");
  }
  layer.setPage(view, size);
}

// -- marks --------------------------------------------------------------------------------------
function payloadOf(mark) {
  const { id, document_id, page, layer: markLayer, kind, data } = mark;
  return { id, document_id, page, layer: markLayer, kind, data };
}

// "Hoàn tác" is offered only when this session drew something that can still be taken back.
function refreshUndo() {
  const undo = $("undo");
  if (undo) undo.disabled = state.undo.length === 0;
}

const tools = new MarkTools(layer, {
  userId: config.user_id,
  onCreate(mark) {
    store.local(mark);
    state.undo.push(mark.id);
    refreshUndo();
    layer.draw();
    connection.queue("annotation.add", { annotation: payloadOf(mark) });
  },
  onErase(mark) { erase(mark.id); },
  askNote,
});

function erase(id) {
  const known = store.marks.get(id);
  if (known) store.apply("delete", known.annotation, known.seq);
  layer.draw();
  connection.queue("annotation.delete", { id });
}

function askNote() {
  const dialog = $("note-dialog");
  const field = $("note-text");
  field.value = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "save" ? field.value.trim() : ""),
      { once: true });
  });
}

// -- controls -----------------------------------------------------------------------------------
function bindControls() {
  $("prev-page").addEventListener("click", () => {
    if (viewer.view.documentId !== null && viewer.view.page > 1) navigate(viewer.view.documentId, viewer.view.page - 1, viewer.view.zoom);
  });
  $("next-page").addEventListener("click", () => {
    if (viewer.view.documentId !== null && viewer.view.page < viewer.pageCount()) navigate(viewer.view.documentId, viewer.view.page + 1, viewer.view.zoom);
  });
  $("zoom-in").addEventListener("click", () => zoomTo(viewer.clampZoom(viewer.view.zoom * 1.25)));
  $("zoom-out").addEventListener("click", () => zoomTo(viewer.clampZoom(viewer.view.zoom / 1.25)));
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, textarea, select")) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") $("next-page").click();
    if (e.key === "ArrowLeft" || e.key === "PageUp") $("prev-page").click();
  });
  for (const b of document.querySelectorAll(".doc-link")) {
    b.addEventListener("click", () => {
      navigate(Number(b.dataset.documentId), 1, 1);
      if (drawerLayout.matches) root.classList.remove("sidebar-open");
    });
  }
  $("follow-presenter").addEventListener("click", followPresenter);
  $("toggle-sidebar").addEventListener("click", () => root.classList.toggle("sidebar-open"));
  $("stage").addEventListener("pointerdown", () => root.classList.remove("sidebar-open")); // close the drawer
  $("present-toggle").addEventListener("change", () => {
    refreshFollow();
    if (presenting() && viewer.view.documentId !== null) navigate(viewer.view.documentId, viewer.view.page, viewer.view.zoom);
  });
  const select = $("presenter-select");
  if (select) {
    select.addEventListener("change", async () => {
      const ack = await connection.command("presenter.set", { presenter_id: select.value ? Number(select.value) : null });
      if (!ack.ok) { toast(ack.error || text.offline); refreshPresenterControls(); }
    });
  }
  for (const b of document.querySelectorAll("#tools [data-tool]")) {
    b.addEventListener("click", () => {
      tools.tool = b.dataset.tool;
      $("stage").dataset.tool = tools.tool;
      for (const other of document.querySelectorAll("#tools [data-tool]")) other.setAttribute("aria-pressed", String(other === b));
    });
  }
  for (const b of document.querySelectorAll("#layers [data-layer]")) {
    b.addEventListener("click", () => {
      tools.markLayer = b.dataset.layer;
      for (const other of document.querySelectorAll("#layers [data-layer]")) other.setAttribute("aria-pressed", String(other === b));
    });
  }
  const undo = $("undo");
  if (undo) {
    refreshUndo();
    undo.addEventListener("click", () => {
      while (state.undo.length) {
        const id = state.undo.pop();
        const known = store.marks.get(id);
        if (known && !known.annotation.deleted) { erase(id); break; }
      }
      refreshUndo();
    });
  }
  $("note-cancel").addEventListener("click", () => $("note-dialog").close("cancel"));
  $("note-form").addEventListener("submit", (e) => {
    e.preventDefault();
    $("note-dialog").close("save");
  });
  viewer.enablePinch(zoomTo, () => tools.tool === "view");
}

function zoomTo(zoom) {
  if (viewer.view.documentId === null) return;
  navigate(viewer.view.documentId, viewer.view.page, zoom);
}

bindControls();
refreshPresenterControls();
connection.start();
