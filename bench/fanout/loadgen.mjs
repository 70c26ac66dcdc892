// Fan-out load generator: N socket.io clients (websocket) join one meeting; a presenter turns
// pages; we record when each client receives `slide.changed`. Prints one JSON line.
// Usage: node loadgen.mjs URL MODE N MEETING_ID DOCUMENT_ID MEMBER_TOKEN PRESENTER_TOKEN ROUNDS
import { io } from "socket.io-client";

const [url, mode, nArg, meetingArg, documentArg, memberToken, presenterToken, roundsArg] = process.argv.slice(2);
const N = Number(nArg), meetingId = Number(meetingArg), documentId = Number(documentArg), rounds = Number(roundsArg || 5);
const ns = mode === "bare" ? "/bare" : "/meeting";
const joinEvent = mode === "bare" ? "join" : "meeting.join";

function connect(token) {
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
  for (let j = i; j < Math.min(N, i + 50); j++) batch.push(connect(memberToken));
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
const results = [];
for (let r = 0; r < rounds; r++) {
  const page = 2 + (r % 2); // alternate 2, 3 so every round is a real change
  received.delete(page);
  const t0 = performance.now();
  const ack = await new Promise((res) => presenter.emit("slide.set", { meeting_id: meetingId, document_id: documentId, page, zoom: 1 }, res));
  if (!ack || !ack.ok) throw new Error("slide.set refused: " + JSON.stringify(ack));
  const deadline = t0 + 15000;
  while ((received.get(page) || []).length < N && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const times = (received.get(page) || []).map((t) => t - t0).sort((a, b) => a - b);
  const q = (p) => times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : null;
  results.push({ delivered: times.length, p50: q(0.5), p99: q(0.99), last: times[times.length - 1] ?? null });
  await new Promise((r) => setTimeout(r, 300));
}
console.log(JSON.stringify({ mode, n: N, rounds: results }));
for (const s of [...clients, presenter]) s.disconnect();
process.exit(0);
