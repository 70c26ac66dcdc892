// Agenda builder: reorder items by dragging the ⠿ handle (pointer events: mouse, pen and touch on
// tablets) or with the arrow keys on the focused handle; the new order is saved with fetch POST
// (CSRF header) and the numbering 1, 1.1 … comes back from the server. Up/down buttons remain the
// no-JavaScript fallback.
(() => {
  const root = document.querySelector("ol.agenda-builder[data-reorder-url]");
  if (!root) return;
  const url = root.dataset.reorderUrl;
  const status = document.getElementById("agenda-status");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  const itemsOf = (list) => [...list.children].filter((el) => el.dataset.itemId);
  const orderOf = (list) => itemsOf(list).map((el) => Number(el.dataset.itemId));

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.className = isError ? "flash flash-danger" : "flash flash-success";
  }

  async function save(list, before) {
    const order = orderOf(list);
    if (order.join(",") === before.join(",")) return;
    const parent = list.dataset.parentId ? Number(list.dataset.parentId) : null;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ parent_id: parent, order }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.error || root.dataset.errorText);
      for (const { id, number } of body.items) {
        const el = document.querySelector(`[data-item-id="${id}"] > .builder-row .agenda-number`);
        if (el) el.textContent = number;
      }
      say(root.dataset.savedText, false);
    } catch (error) {
      // put the items back where the server still has them
      const byId = new Map(itemsOf(list).map((el) => [Number(el.dataset.itemId), el]));
      for (const id of before) list.appendChild(byId.get(id));
      say(`${error.message} ${root.dataset.errorText}`, true);
    }
  }

  let drag = null;

  document.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest(".agenda-builder .drag-handle");
    if (!handle || event.button > 0) return;
    const item = handle.closest("li[data-item-id]");
    const list = item.parentElement;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    drag = { handle, item, list, before: orderOf(list), pointerId: event.pointerId };
    item.classList.add("dragging");
  });

  document.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    event.preventDefault();
    const others = itemsOf(drag.list).filter((el) => el !== drag.item);
    const next = others.find((el) => {
      const box = el.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    });
    if (next) {
      if (drag.item.nextElementSibling !== next) drag.list.insertBefore(drag.item, next);
    } else if (drag.list.lastElementChild !== drag.item) {
      drag.list.appendChild(drag.item);
    }
  });

  function finish(event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { item, list, before } = drag;
    drag = null;
    item.classList.remove("dragging");
    save(list, before);
  }
  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", finish);

  document.addEventListener("keydown", (event) => {
    const handle = event.target.closest && event.target.closest(".agenda-builder .drag-handle");
    if (!handle || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
    event.preventDefault();
    const item = handle.closest("li[data-item-id]");
    const list = item.parentElement;
    const before = orderOf(list);
    const siblings = itemsOf(list);
    const index = siblings.indexOf(item);
    if (event.key === "ArrowUp" && index > 0) list.insertBefore(item, siblings[index - 1]);
    else if (event.key === "ArrowDown" && index < siblings.length - 1) list.insertBefore(siblings[index + 1], item);
    handle.focus();
    save(list, before);
  });
})();
