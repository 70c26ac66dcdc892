// Session load generator: N socket.io tablets (websocket) in one meeting, for the scenarios that
// are more than a page turn. Prints one JSON line. Usage: node session.mjs '<config JSON>'
//   mode "vote": the chair opens a vote and closes it, ROUNDS times; per round, the time from the
//     close until each tablet has `vote.closed` with that vote's result.
//   mode "reconnect": N tablets drop at once while the chair makes MARKS shared marks, then all
//     rejoin with `since_seq` at once; each tablet must then hold exactly the MARKS marks, seq-exact
//     (the `seq` the chair's acknowledgements gave, in order, each once). Time until the last.
// Config: {urls: [...], mode, n, meeting_id, document_id, agenda_item_id, member_token,
//          chair_token, checkin_tokens: [...], start: {url, token}, rounds, marks}
import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";

const cfg = JSON.parse(process.argv[2]);
const meetingId = cfg.meeting_id;
const cpu0 = process.cpuUsage();

function connect(url, token, joinData = {}) {
  return new Promise((resolve, reject) => {
    const s = io(url + "/meeting", { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true, timeout: 60000 });
    s.once("connect", () => {
      const connectedAt = performance.now();
      s.emit("meeting.join", { meeting_id: meetingId, ...joinData }, (ack) => (ack && ack.ok ? resolve([s, ack, connectedAt]) : reject(new Error("join: " + JSON.stringify(ack)))));
    });
    s.once("connect_error", reject);
  });
}

const emit = (s, event, data) => new Promise((res) => s.emit(event, { meeting_id: meetingId, ...data }, res));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function connectMany(n, token, joinData = () => ({})) {
  const out = [];
  for (let i = 0; i < n; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 50); j++) batch.push(connect(cfg.urls[j % cfg.urls.length], token, joinData(j)));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

function quantiles(times) {
  times.sort((a, b) => a - b);
  const q = (p) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : null);
  return { delivered: times.length, p50: q(0.5), p99: q(0.99), last: times[times.length - 1] ?? null };
}

async function checkInAndStart() {
  for (const token of cfg.checkin_tokens || []) {
    const [s] = await connect(cfg.urls[0], token);
    const ack = await emit(s, "attendance.check_in", { mode: "in_room" });
    if (!ack.ok) throw new Error("check_in: " + JSON.stringify(ack));
    s.disconnect();
  }
  if (cfg.start) {
    const r = await fetch(cfg.start.url, { method: "POST", headers: { Authorization: "Bearer " + cfg.start.token } });
    if (!r.ok && r.status !== 409) throw new Error("start: " + r.status + " " + (await r.text()));
  }
}

async function vote() {
  await checkInAndStart();
  const tablets = (await connectMany(cfg.n, cfg.member_token)).map(([s]) => s);
  const [chair] = await connect(cfg.urls[0], cfg.chair_token);
  const got = new Map(); // vote id -> receive times
  for (const s of tablets) {
    s.on("vote.closed", (data) => {
      const t = performance.now();
      if (!data.vote || !data.vote.result) return; // a result is what the tablet must show
      if (!got.has(data.vote.id)) got.set(data.vote.id, []);
      got.get(data.vote.id).push(t);
    });
  }
  const rounds = [];
  for (let r = 0; r < cfg.rounds; r++) {
    const opened = await emit(chair, "vote.open", { agenda_item_id: cfg.agenda_item_id, question: `Biểu quyết thử số ${r + 1}`, kind: "approval" });
    if (!opened.ok) throw new Error("vote.open: " + JSON.stringify(opened));
    await sleep(500); // vote.opened reaches everyone first
    const t0 = performance.now();
    const closed = await emit(chair, "vote.close", { vote_id: opened.vote_id });
    if (!closed.ok) throw new Error("vote.close: " + JSON.stringify(closed));
    const deadline = t0 + 20000;
    while ((got.get(opened.vote_id) || []).length < cfg.n && performance.now() < deadline) await sleep(5);
    rounds.push({ vote_id: opened.vote_id, ack_ms: null, ...quantiles((got.get(opened.vote_id) || []).map((t) => t - t0)) });
    await sleep(300);
  }
  for (const s of [...tablets, chair]) s.disconnect();
  return { rounds };
}

async function reconnect() {
  const joined = await connectMany(cfg.n, cfg.member_token);
  const [chair] = await connect(cfg.urls[0], cfg.chair_token);
  const lastSeq = joined.map(([, ack]) => ack.seq);
  for (const [s] of joined) s.disconnect(); // all drop at once
  await sleep(3000); // the server has seen them go
  const made = []; // [id, seq] in the order the server numbered them
  for (let i = 0; i < cfg.marks; i++) {
    const id = randomUUID();
    const ack = await emit(chair, "annotation.add", {
      annotation: { id, document_id: cfg.document_id, page: 1, layer: "shared", kind: "ink", data: { points: [[0.1, 0.1 + i / 200], [0.5, 0.1 + i / 200]], color: "#d32f2f", width: 0.004 } },
    });
    if (!ack.ok || ack.duplicate) throw new Error("annotation.add: " + JSON.stringify(ack));
    made.push([id, ack.seq]);
  }
  const expected = JSON.stringify(made);
  const t0 = performance.now();
  const results = await Promise.all(
    lastSeq.map(async (since, j) => {
      const [s, ack, connectedAt] = await connect(cfg.urls[j % cfg.urls.length], cfg.member_token, { since_seq: since });
      const t = performance.now() - t0;
      const connected = connectedAt - t0;
      const marks = ack.missed.filter((m) => m.event === "annotation.changed" && m.data.op === "add").map((m) => [m.data.annotation.id, m.data.seq]);
      const seqs = ack.missed.map((m) => m.data.seq);
      const ordered = seqs.every((q, k) => q > since && (k === 0 || q > seqs[k - 1]));
      s.disconnect();
      return { ms: t, connected, exact: !ack.snapshot && ordered && JSON.stringify(marks) === expected, missed: ack.missed.length, snapshot: ack.snapshot };
    }),
  );
  chair.disconnect();
  const times = results.map((r) => r.ms);
  return { marks: made.length, caught_up_exactly: results.filter((r) => r.exact).length, snapshots: results.filter((r) => r.snapshot).length, missed_per_tablet: results[0]?.missed, connected_max_ms: Math.max(...results.map((r) => r.connected)), ...quantiles(times) };
}

const result = cfg.mode === "vote" ? await vote() : await reconnect();
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ mode: cfg.mode, n: cfg.n, loadgen_cpu_s: (cpu.user + cpu.system) / 1e6, ...result }));
process.exit(0);
