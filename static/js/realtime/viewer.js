// PDF pages with PDF.js: one page at a time, fitted to the stage width times the zoom, pinch and
// ctrl+wheel zoom, page turning. After a page is drawn the canvas carries data-page and
// data-document-id, so tests and other modules know what is on screen.
import * as pdfjs from "../../vendor/pdfjs/pdf.min.mjs";
import { openCopy } from "./copy_transport.js";

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 4;
const RANGE_CHUNK = 512 * 1024; // page 1 of a scanned pack draws from a few chunks (docs/performance.md)

export class PdfViewer {
  constructor(stage, documents, workerSrc, onRendered, onError) {
    pdfjs.GlobalWorkerOptions.workerSrc = workerSrc;
    // The PDF.js worker (1.2 MB of script) is fetched and started now, while the member waits on
    // the live page, not when the chair opens the first document (docs/performance.md, storm).
    this.worker = new pdfjs.PDFWorker({ name: "phonghop-viewer" });
    this.stage = stage;
    this.wrap = stage.querySelector("#page-wrap");
    this.canvas = stage.querySelector("#pdf-canvas");
    this.empty = stage.querySelector("#stage-empty");
    this.documents = documents;
    this.onRendered = onRendered;
    this.onError = onError;
    this.loading = new Map(); // document id -> Promise<PDFDocumentProxy>
    this.view = { documentId: null, page: 1, zoom: 1 };
    this.task = null;
    this.generation = 0;
    new ResizeObserver(() => this.scheduleRender()).observe(stage);
  }

  pdf(documentId) {
    if (!this.loading.has(documentId)) {
      // One open is one watermarked copy (copy_transport.js): its first chunk comes with the open,
      // the other chunks PDF.js needs are range requests naming the same copy.
      const failed = (error) => {
        this.loading.delete(documentId); // the next render opens a new copy
        task.then((t) => t.destroy());
        this.onError(error);
      };
      const task = openCopy(this.documents[String(documentId)].url, RANGE_CHUNK, failed).then((source) =>
        pdfjs.getDocument({
          ...source,
          worker: this.worker, // shared: destroying one document's task keeps it for the next
          disableAutoFetch: true, // only the chunks the pages on screen need
          disableStream: true,
          rangeChunkSize: RANGE_CHUNK,
        }),
      );
      const promise = task.then((t) => t.promise);
      promise.catch(() => this.loading.delete(documentId));
      this.loading.set(documentId, promise);
    }
    return this.loading.get(documentId);
  }

  pageCount() {
    const d = this.documents[String(this.view.documentId)];
    return d ? d.page_count : 0;
  }

  show(documentId, page, zoom) {
    if (!this.documents[String(documentId)]) return;
    const count = this.documents[String(documentId)].page_count || 1;
    this.view = {
      documentId,
      page: Math.min(Math.max(1, page), count),
      zoom: Math.min(Math.max(MIN_ZOOM, zoom || 1), MAX_ZOOM),
    };
    this.render();
  }

  scheduleRender() {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => this.view.documentId && this.render(), 150);
  }

  async render() {
    const generation = ++this.generation;
    const { documentId, page, zoom } = this.view;
    try {
      const pdf = await this.pdf(documentId);
      const pdfPage = await pdf.getPage(page);
      if (generation !== this.generation) return;
      const base = pdfPage.getViewport({ scale: 1 });
      const available = Math.max(200, this.stage.clientWidth - 16);
      const cssScale = (available / base.width) * zoom;
      const viewport = pdfPage.getViewport({ scale: cssScale });
      const ratio = window.devicePixelRatio || 1;
      if (this.task) this.task.cancel();
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      this.task = pdfPage.render({
        canvas, canvasContext: canvas.getContext("2d"), viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
      });
      await this.task.promise;
      if (generation !== this.generation) return;
      // swap in the finished bitmap at once: no blank page while the next one draws
      this.canvas.width = canvas.width;
      this.canvas.height = canvas.height;
      this.canvas.getContext("2d").drawImage(canvas, 0, 0);
      const size = { width: Math.floor(viewport.width), height: Math.floor(viewport.height) };
      this.wrap.style.width = `${size.width}px`;
      this.wrap.style.height = `${size.height}px`;
      this.wrap.style.transform = "";
      this.wrap.hidden = false;
      this.empty.hidden = true;
      this.canvas.dataset.page = String(page);
      this.canvas.dataset.documentId = String(documentId);
      this.canvas.dataset.zoom = String(zoom);
      this.onRendered(this.view, size);
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") return;
      this.onError(error);
    }
  }

  // Pinch with two fingers (pointer events) and ctrl+wheel; onZoom(newZoom) when the gesture ends.
  enablePinch(onZoom, isViewing) {
    const pointers = new Map();
    let start = null;
    const distance = () => {
      const [a, b] = [...pointers.values()];
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    this.stage.addEventListener("pointerdown", (e) => {
      if (e.pointerType !== "touch" || !isViewing(e)) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2) start = { distance: distance(), zoom: this.view.zoom };
    });
    this.stage.addEventListener("pointermove", (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (start && pointers.size === 2) {
        const zoom = this.clampZoom(start.zoom * (distance() / start.distance));
        this.wrap.style.transformOrigin = "0 0";
        this.wrap.style.transform = `scale(${zoom / start.zoom})`;
        this.pending = zoom;
      }
    });
    const end = (e) => {
      if (!pointers.delete(e.pointerId)) return;
      if (start && pointers.size < 2) {
        start = null;
        if (this.pending) onZoom(this.pending);
        this.pending = null;
      }
    };
    this.stage.addEventListener("pointerup", end);
    this.stage.addEventListener("pointercancel", end);
    this.stage.addEventListener("wheel", (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      onZoom(this.clampZoom(this.view.zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1)));
    }, { passive: false });
  }

  clampZoom(zoom) {
    return Math.round(Math.min(Math.max(MIN_ZOOM, zoom), MAX_ZOOM) * 100) / 100;
  }
}
