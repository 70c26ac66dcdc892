// Fan-out load generator: N socket.io clients (websocket) join one meeting; a presenter turns
// pages; we record when each client receives `slide.changed`. Prints one JSON line; "READY" on
// stderr once every tablet has joined. URLS is one server or several, comma-separated (tablets
// spread round-robin, the presenter on the first): processes sharing a Redis message queue.
// Usage: node loadgen.mjs URLS MODE N MEETING_ID DOCUMENT_ID MEMBER_TOKEN PRESENTER_TOKEN ROUNDS [PAUSE_MS]
import { io } from "socket.io-client";

const [urlsArg, mode, nArg, meetingArg, documentArg, memberToken, presenterToken, roundsArg, pauseArg] = process.argv.slice(2);
const urls = urlsArg.split(",");
const N = Number(nArg), meetingId = Number(meetingArg), documentId = Number(documentArg), rounds = Number(roundsArg || 5);
const pause = Number(pauseArg || 300);
const ns = mode === "bare" ? "/bare" : "/meeting";
const joinEvent = mode === "bare" ? "join" : "meeting.join";

function connect(token, url = urls[0]) {
  return new Promise((resolve, reject) => {
    const s = io(url + ns, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true, timeout: 60000 });
    s.once("connect", () => s.emit(joinEvent, { meeting_id: meetingId }, (ack) => ack && ack.ok ? resolve(s) : reject(new Error(JSON.stringify(ack)))));
    s.once("connect_error", reject);
  });
}

const received = new Map(); // page -> array of receive times (ms)
const clients = [];
for (let i = 0; i < N; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + 50); j++) batch.push(connect(memberToken, urls[j % urls.length]));
  clients.push(...await Promise.all(batch));
}
for (const s of clients) {
  s.on("slide.changed", (data) => {
    const t = performance.now();
    if (!received.has(data.page)) received.set(data.page, []);
    received.get(data.page).push(t);
  });
}
const presenter = await connect(presenterToken);
process.stderr.write("READY\n");
const cpu0 = process.cpuUsage();
const results = [];
for (let r = 0; r < rounds; r++) {
  const page = 2 + (r % 2); // alternate 2, 3 so every round is a real change
  received.delete(page);
  const t0 = performance.now(), at = Date.now();
  // an unanswered page turn (the server failed it) is recorded as lost, not waited for forever
  const ack = await new Promise((res) =>
    presenter.timeout(20000).emit("slide.set", { meeting_id: meetingId, document_id: documentId, page, zoom: 1 }, (err, a) => res(err ? { ok: false, error: "no acknowledgement in 20 s" } : a)),
  );
  if (!ack || !ack.ok) {
    if (mode === "bare" || !ack || ack.error !== "no acknowledgement in 20 s") throw new Error("slide.set refused: " + JSON.stringify(ack));
    results.push({ at, lost: true, delivered: 0, p50: null, p99: null, last: null });
    continue;
  }
  const deadline = t0 + 15000;
  while ((received.get(page) || []).length < N && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const times = (received.get(page) || []).map((t) => t - t0).sort((a, b) => a - b);
  const q = (p) => times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : null;
  results.push({ at, delivered: times.length, p50: q(0.5), p99: q(0.99), last: times[times.length - 1] ?? null });
  await new Promise((r) => setTimeout(r, pause));
}
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ mode, n: N, servers: urls.length, loadgen_cpu_s: (cpu.user + cpu.system) / 1e6, rounds: results }));
for (const s of [...clients, presenter]) s.disconnect();
process.exit(0);
