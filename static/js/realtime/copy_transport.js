// One open of a document is one watermarked copy, read by HTTP ranges (docs/performance.md,
// "Opening a document"). The first request names a new copy (?copy=<token>&open=1) and asks for
// its first chunk: the answer (206) gives the copy's length and its name (ETag). PDF.js then asks
// for the other chunks it needs through a PDFDataRangeTransport, each a Range request with
// If-Range: <ETag> (the server answers those without logging a new open). No request for the
// whole copy is made and aborted. A copy the server sends whole (200: one stamped the slow way)
// is handed to PDF.js as data.
import * as pdfjs from "../../vendor/pdfjs/pdf.min.mjs";

const CONTENT_RANGE = /^bytes 0-\d+\/(\d+)$/;

function openToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(12)); // also on plain-http LAN addresses
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The source for pdfjs.getDocument: {range: PDFDataRangeTransport} or {data}. onFailure(error) is
// called when a later range cannot be fetched (PDF.js itself would wait for it forever).
export async function openCopy(href, chunkSize, onFailure) {
  const url = new URL(href, window.location.href);
  url.searchParams.set("copy", openToken());
  url.searchParams.set("open", "1");
  const first = await fetch(url, { headers: { Range: `bytes=0-${chunkSize - 1}` }, credentials: "same-origin" });
  if (!first.ok) throw new Error(`HTTP ${first.status}`);
  const body = new Uint8Array(await first.arrayBuffer());
  const whole = first.status === 206 && CONTENT_RANGE.exec(first.headers.get("Content-Range") || "");
  const etag = first.headers.get("ETag");
  if (!whole || !etag) return { data: body };
  url.searchParams.delete("open");
  const transport = new pdfjs.PDFDataRangeTransport(Number(whole[1]), body);
  transport.requestDataRange = (begin, end) => {
    const headers = { Range: `bytes=${begin}-${end - 1}`, "If-Range": etag };
    fetch(url, { headers, credentials: "same-origin" })
      .then(async (response) => {
        if (response.status !== 206) {
          // 200: the copy is gone (another copy would be sent whole); never splice two copies
          if (response.body) response.body.cancel();
          throw new Error(`HTTP ${response.status}`);
        }
        transport.onDataRange(begin, new Uint8Array(await response.arrayBuffer()));
      })
      .catch(onFailure);
  };
  return { range: transport };
}
