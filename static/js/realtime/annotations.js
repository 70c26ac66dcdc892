// Marks on the current page: the store of every visible annotation (by client UUID, newest seq
// wins), drawing them on the overlay canvas and the notes layer, and the drawing tools (pen ink
// with pointer events for pen and finger, highlight rectangles, text notes, erasing own marks).
const COLORS = { ink: { private: "#1565c0", shared: "#d32f2f" }, highlight: "#ffeb3b", note: "#fff59d" };

export class MarkStore {
  constructor() {
    this.marks = new Map(); // id -> {annotation, seq}
  }

  reset(list) {
    this.marks.clear();
    for (const a of list) this.marks.set(a.id, { annotation: a, seq: 0 });
  }

  // Apply an annotation.changed event unless something newer for that id is already known.
  apply(op, annotation, seq) {
    const known = this.marks.get(annotation.id);
    if (known && known.seq > seq) return;
    if (op === "delete") {
      this.marks.set(annotation.id, { annotation: { ...(known?.annotation || annotation), deleted: true }, seq });
    } else {
      this.marks.set(annotation.id, { annotation, seq });
    }
  }

  local(annotation) {
    this.marks.set(annotation.id, { annotation, seq: 0 });
  }

  remove(id) {
    this.marks.delete(id);
  }

  onPage(documentId, page) {
    return [...this.marks.values()].map((m) => m.annotation)
      .filter((a) => !a.deleted && a.document_id === documentId && a.page === page);
  }
}

export class MarkLayer {
  constructor(canvas, notes, store) {
    this.canvas = canvas;
    this.notes = notes;
    this.store = store;
    this.size = { width: 0, height: 0 };
    this.view = null;
  }

  setPage(view, size) {
    this.view = view;
    this.size = size;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.floor(size.width * ratio);
    this.canvas.height = Math.floor(size.height * ratio);
    this.draw();
  }

  draw(extra = null) {
    if (!this.view) return;
    const ratio = window.devicePixelRatio || 1;
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.size.width, this.size.height);
    const marks = this.store.onPage(this.view.documentId, this.view.page);
    this.notes.replaceChildren();
    for (const a of marks) this.drawMark(ctx, a);
    if (extra) this.drawMark(ctx, extra);
    this.canvas.dataset.ids = marks.map((a) => a.id).join(" ");
  }

  drawMark(ctx, a) {
    const { width: w, height: h } = this.size;
    if (a.kind === "ink") {
      const pts = a.data.points;
      ctx.strokeStyle = a.data.color;
      ctx.lineWidth = Math.max(1, a.data.width * w);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(pts[0][0] * w, pts[0][1] * h);
      for (const p of pts.slice(1)) ctx.lineTo(p[0] * w, p[1] * h);
      if (pts.length === 1) ctx.lineTo(pts[0][0] * w + 0.1, pts[0][1] * h);
      ctx.stroke();
    } else if (a.kind === "highlight") {
      ctx.save();
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = a.data.color;
      for (const [x, y, rw, rh] of a.data.rects) ctx.fillRect(x * w, y * h, rw * w, rh * h);
      ctx.restore();
    } else if (a.kind === "note") {
      const pin = document.createElement("div");
      pin.className = `note-pin layer-${a.layer}`;
      pin.dataset.id = a.id;
      pin.style.left = `${a.data.x * 100}%`;
      pin.style.top = `${a.data.y * 100}%`;
      pin.style.background = a.data.color;
      pin.textContent = a.data.text;
      pin.title = a.data.text;
      this.notes.append(pin);
    }
  }

  // The own mark under a point (normalised), for erasing.
  hit(x, y, userId) {
    const { width: w, height: h } = this.size;
    const near = 14;
    const marks = this.store.onPage(this.view.documentId, this.view.page).filter((a) => a.author_id === userId);
    for (const a of marks.reverse()) {
      if (a.kind === "ink" && a.data.points.some(([px, py]) => Math.hypot((px - x) * w, (py - y) * h) < near)) return a;
      if (a.kind === "highlight" && a.data.rects.some(([rx, ry, rw, rh]) => x >= rx && x <= rx + rw && y >= ry && y <= ry + rh)) return a;
      if (a.kind === "note" && Math.hypot((a.data.x - x) * w, (a.data.y - y) * h) < near * 2) return a;
    }
    return null;
  }
}

// Pointer input on the overlay: the active tool turns gestures into new marks.
export class MarkTools {
  constructor(layer, { userId, onCreate, onErase, askNote }) {
    this.layer = layer;
    this.userId = userId;
    this.onCreate = onCreate;
    this.onErase = onErase;
    this.askNote = askNote;
    this.tool = "view";
    this.markLayer = "private";
    this.penSeen = false;
    this.current = null;
    const canvas = layer.canvas;
    canvas.addEventListener("pointerdown", (e) => this.down(e));
    canvas.addEventListener("pointermove", (e) => this.move(e));
    canvas.addEventListener("pointerup", (e) => this.up(e));
    canvas.addEventListener("pointercancel", () => { this.current = null; this.layer.draw(); });
  }

  // Once a stylus has been used, fingers no longer draw (palm rejection): they pan and pinch.
  draws(e) {
    if (this.tool === "view" || !this.layer.view) return false;
    if (e.pointerType === "pen") this.penSeen = true;
    return !(this.penSeen && e.pointerType === "touch");
  }

  point(e) {
    const r = this.layer.canvas.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, Math.round(v * 10000) / 10000));
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  }

  base(kind, data) {
    const { documentId, page } = this.layer.view;
    return { id: crypto.randomUUID(), document_id: documentId, page, layer: this.markLayer, kind, data,
             author_id: this.userId, deleted: false };
  }

  down(e) {
    if (!this.draws(e) || !e.isPrimary) return;
    e.preventDefault();
    const [x, y] = this.point(e);
    if (this.tool === "ink") {
      this.layer.canvas.setPointerCapture(e.pointerId);
      this.current = this.base("ink", { points: [[x, y]], color: COLORS.ink[this.markLayer], width: 0.004 });
    } else if (this.tool === "highlight") {
      this.layer.canvas.setPointerCapture(e.pointerId);
      this.start = [x, y];
      this.current = this.base("highlight", { rects: [[x, y, 0, 0]], color: COLORS.highlight });
    } else if (this.tool === "note") {
      const mark = this.base("note", { x, y, text: "", color: COLORS.note });
      this.askNote().then((text) => {
        if (text) this.onCreate({ ...mark, data: { ...mark.data, text } });
      });
    } else if (this.tool === "erase") {
      const hit = this.layer.hit(x, y, this.userId);
      if (hit) this.onErase(hit);
    }
  }

  move(e) {
    if (!this.current || !e.isPrimary) return;
    e.preventDefault();
    const [x, y] = this.point(e);
    if (this.current.kind === "ink") {
      const pts = this.current.data.points;
      const last = pts[pts.length - 1];
      if (Math.hypot(last[0] - x, last[1] - y) > 0.001 && pts.length < 5000) pts.push([x, y]);
    } else {
      const [sx, sy] = this.start;
      this.current.data.rects = [[Math.min(sx, x), Math.min(sy, y), Math.abs(x - sx), Math.abs(y - sy)]];
    }
    this.layer.draw(this.current);
  }

  up(e) {
    if (!this.current || !e.isPrimary) return;
    const mark = this.current;
    this.current = null;
    const tiny = mark.kind === "highlight" && (mark.data.rects[0][2] < 0.005 || mark.data.rects[0][3] < 0.003);
    if (!tiny) this.onCreate(mark);
    else this.layer.draw();
  }
}
