// The floor on a member's tablet: check in (in the room, or online through the meeting's video
// link), the quorum line, and the vote panel — big buttons, a confirm step, "Bạn đã biểu quyết".
// A ballot keeps its UUID until the server acknowledges it, so a ballot sent while the network
// dropped is sent again after the next join and counted once.
import { applyFloorEvent, choiceLabel, choices, currentVote, fill, floorFrom, kicker, localTime, progressText,
  renderResult, showQuorum, texts } from "./floor_view.js";

const $ = (id) => document.getElementById(id);

export class FloorPanel {
  constructor(config, connection, toast) {
    this.config = config;
    this.connection = connection;
    this.toast = toast;
    this.t = texts();
    this.floor = { attendance: new Map(), quorum: null, votes: new Map() };
    this.pendingKey = `phonghop:ballot:${config.meeting_id}:${config.user_id}`;
    this.choosing = null; // the choice waiting for confirmation
    this.changing = false; // a named ballot being changed
    this.dismissed = null; // the closed vote whose result was put away
    this.bind();
  }

  bind() {
    $("check-in")?.addEventListener("click", () => this.checkIn("in_room"));
    $("check-in-online")?.addEventListener("click", () => this.checkIn("online")); // the link opens the video call
    $("vote-confirm-yes").addEventListener("click", () => this.confirm());
    $("vote-confirm-no").addEventListener("click", () => { this.choosing = null; this.render(); });
    $("vote-change").addEventListener("click", () => { this.changing = true; this.render(); });
    $("vote-dismiss").addEventListener("click", () => { this.dismissed = currentVote(this.floor.votes)?.id; this.render(); });
  }

  joined(floorState) {
    this.floor = floorFrom(floorState);
    this.render();
    this.resendPending();
  }

  event(name, data) {
    const changed = applyFloorEvent(this.floor, name, data);
    if (name === "vote.ballot") this.clearPending(data.vote_id);
    if (name === "vote.opened") { this.choosing = null; this.changing = false; }
    if (changed) this.render();
  }

  me() {
    return this.floor.attendance.get(this.config.user_id);
  }

  async checkIn(mode) {
    const ack = await this.connection.command("attendance.check_in", { mode });
    if (!ack.ok) this.toast(ack.error || this.t.offline);
  }

  // -- ballots ------------------------------------------------------------------------------------
  pending() {
    try { return JSON.parse(localStorage.getItem(this.pendingKey)); } catch { return null; }
  }

  clearPending(voteId) {
    if (this.pending()?.vote_id === voteId) localStorage.removeItem(this.pendingKey);
  }

  async send(ballot) {
    localStorage.setItem(this.pendingKey, JSON.stringify(ballot));
    const ack = await this.connection.command("vote.cast", ballot);
    if (ack.offline) return; // kept: sent again after the next join, under the same ballot id
    localStorage.removeItem(this.pendingKey);
    const vote = this.floor.votes.get(ballot.vote_id);
    if (!ack.ok) {
      this.toast(ack.error);
    } else if (vote) {
      vote.mine = { voted: true, choice: vote.secret ? null : ballot.choice };
      this.changing = false;
    }
    this.render();
  }

  resendPending() {
    const ballot = this.pending();
    if (!ballot) return;
    const vote = this.floor.votes.get(ballot.vote_id);
    if (vote && vote.state === "open" && !(vote.mine?.voted && vote.mine.choice === ballot.choice)) this.send(ballot);
    else localStorage.removeItem(this.pendingKey);
  }

  confirm() {
    const vote = currentVote(this.floor.votes);
    if (!vote || this.choosing === null) return;
    const ballot = { vote_id: vote.id, choice: this.choosing, ballot_id: crypto.randomUUID() };
    this.choosing = null;
    this.send(ballot);
  }

  // -- rendering ----------------------------------------------------------------------------------
  render() {
    this.renderAttendance();
    this.renderVote();
  }

  renderAttendance() {
    showQuorum($("quorum-line"), this.floor.quorum, this.t);
    const mine = $("my-attendance");
    if (!mine) return;
    const row = this.me();
    const here = row && row.status === "present";
    $("floor-bar").dataset.checkedIn = here ? "1" : "0";
    mine.textContent = here ? fill(this.t.checkedIn, { time: localTime(row.checked_in_at) })
      + (row.mode === "online" ? ` · ${this.t.online}` : "") : this.t.notCheckedIn;
    for (const id of ["check-in", "check-in-online"]) if ($(id)) $(id).hidden = here;
  }

  renderVote() {
    const panel = $("vote-panel");
    const vote = currentVote(this.floor.votes);
    if (!vote || (vote.state === "closed" && this.dismissed === vote.id)) { panel.hidden = true; return; }
    panel.hidden = false;
    panel.dataset.voteId = String(vote.id);
    panel.dataset.state = vote.state;
    $("vote-kicker").textContent = kicker(vote, this.t);
    $("vote-question").textContent = vote.question;
    $("vote-progress").textContent = progressText(vote.progress, this.t);
    const open = vote.state === "open";
    const canVote = open && this.config.can.vote;
    const voted = Boolean(vote.mine?.voted) && !this.changing;
    panel.dataset.voted = vote.mine?.voted ? "1" : "0";
    const buttons = $("vote-choices");
    buttons.hidden = !canVote || voted || this.choosing !== null;
    if (!buttons.hidden) this.renderChoices(buttons, vote);
    $("vote-confirm").hidden = !canVote || this.choosing === null;
    if (this.choosing !== null) {
      $("vote-confirm-text").textContent = fill(this.t.confirm, { choice: choiceLabel(vote, this.choosing, this.t) });
    }
    $("vote-done").hidden = !canVote || !voted;
    $("vote-done").textContent = vote.mine?.choice
      ? `${this.t.voted} ${fill(this.t.votedChoice, { choice: choiceLabel(vote, vote.mine.choice, this.t) })}` : this.t.voted;
    $("vote-change").hidden = !canVote || !voted || vote.secret || !vote.rules.ballots_changeable;
    $("vote-hint").hidden = !canVote || voted || this.me()?.status === "present";
    $("vote-result").hidden = open;
    $("vote-dismiss").hidden = open;
    renderResult($("vote-result"), vote, this.t);
  }

  renderChoices(container, vote) {
    const here = this.me()?.status === "present";
    container.replaceChildren(...choices(vote, this.t).map(([key, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `vote-choice vote-choice-${vote.kind === "approval" ? key : "option"}`;
      button.dataset.choice = key;
      button.textContent = label;
      button.disabled = !here;
      button.addEventListener("click", () => { this.choosing = key; this.render(); });
      return button;
    }));
  }
}
