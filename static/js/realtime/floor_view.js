// What the tablet, the chair's console and the projector say about the floor, from the server's
// floor state (docs/realtime-protocol.md): the quorum line, a vote's choices, progress and result.
// Texts come translated from the page (<template id="floor-i18n">, meetings/_floor_i18n.html).

export function texts() {
  return document.getElementById("floor-i18n").dataset;
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

export function quorumText(quorum, t) {
  return fill(quorum.holds ? t.quorumOk : t.quorumFail, quorum);
}

export function showQuorum(el, quorum, t) {
  if (!el || !quorum) return;
  el.textContent = quorumText(quorum, t);
  el.dataset.holds = quorum.holds ? "1" : "0";
  el.dataset.present = String(quorum.present);
}

export function choices(vote, t) {
  if (vote.kind === "approval") return [["for", t.for], ["against", t.against], ["abstain", t.abstain]];
  return vote.options.map((label, i) => [String(i), label]);
}

export function choiceLabel(vote, key, t) {
  const found = choices(vote, t).find(([k]) => k === key);
  return found ? found[1] : key;
}

export function progressText(progress, t) {
  const line = fill(t.progress, progress);
  return progress.advance ? `${line} · ${fill(t.advance, progress)}` : line;
}

export function localTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" });
}

export function kicker(vote, t) {
  const how = vote.secret ? t.secret : t.named;
  return vote.agenda_item_title ? `${vote.agenda_item_title} · ${how}` : how;
}

// The result: the summary line (what the minutes carry) and one line per choice.
export function renderResult(container, vote, t) {
  const result = vote.result;
  container.replaceChildren();
  if (!result) return;
  const summary = document.createElement("p");
  summary.className = "vote-summary";
  summary.dataset.passed = result.passed ? "1" : "0";
  summary.textContent = result.summary;
  const list = document.createElement("ul");
  list.className = "vote-counts";
  for (const [key, label] of choices(vote, t)) {
    const li = document.createElement("li");
    li.dataset.choice = key;
    const ahead = result.advance?.[key] ? ` ${fill(t.aheadIncluded, { n: result.advance[key] })}` : "";
    li.textContent = `${label}: ${result.counts[key] ?? 0}${ahead}`;
    list.append(li);
  }
  container.append(summary, list);
}

export function byId(votes) {
  return new Map(votes.map((v) => [v.id, v]));
}

// The vote a screen shows: the open one, else the last one closed.
export function currentVote(votes) {
  const all = [...votes.values()];
  return all.find((v) => v.state === "open") || all.filter((v) => v.state === "closed")
    .sort((a, b) => (a.closed_at < b.closed_at ? 1 : -1))[0] || null;
}

// Applies one floor event to {attendance: Map, quorum, votes: Map}; returns what changed.
export function applyFloorEvent(floor, name, data) {
  if (name === "attendance.changed") {
    if (data.attendance) { // the projector gets the quorum only
      const row = floor.attendance.get(data.attendance.user_id) || {};
      floor.attendance.set(data.attendance.user_id, { ...row, ...data.attendance });
    }
    floor.quorum = data.quorum;
    return "attendance";
  }
  const voteId = data.vote ? data.vote.id : data.vote_id;
  const known = floor.votes.get(voteId);
  if (name === "vote.opened" || name === "vote.closed") {
    floor.votes.set(voteId, { ...data.vote, mine: known?.mine || { voted: false, choice: null } });
  } else if (name === "vote.progress" && known) {
    known.progress = data.progress;
  } else if (name === "vote.ballot" && known) {
    known.mine = { voted: true, choice: data.choice };
  } else {
    return null;
  }
  return "vote";
}

export function floorFrom(state) {
  return {
    attendance: new Map((state.attendance || []).map((row) => [row.user_id, row])),
    quorum: state.quorum,
    votes: byId(state.votes || []),
  };
}
