// Written opinion ballots: the secretariat's form uploads the draft with a progress bar; the answer
// form asks for confirmation before it sends; the deadline counts down (the server's deadline, the
// tablet's clock). Without JavaScript the forms post as they are.
const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

function createWithProgress(form) {
  const bar = form.querySelector(".upload-progress");
  const label = form.querySelector(".upload-percent");
  const error = form.querySelector(".upload-error");
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    bar.hidden = label.hidden = false;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        bar.value = Math.floor((e.loaded / e.total) * 100);
        label.textContent = `${bar.value}%`;
      }
    };
    xhr.onload = () => {
      const body = xhr.response || {};
      if (xhr.status === 201 && body.url) {
        window.location.assign(body.url);
        return;
      }
      button.disabled = false;
      bar.hidden = label.hidden = true;
      error.textContent = body.error || form.dataset.msgNetwork;
      error.hidden = false;
    };
    xhr.onerror = () => {
      button.disabled = false;
      bar.hidden = label.hidden = true;
      error.textContent = form.dataset.msgNetwork;
      error.hidden = false;
    };
    xhr.send(new FormData(form));
  });
}

function confirmStep(form) {
  const step = form.querySelector(".confirm-step");
  const send = form.querySelector('[data-testid="send-answer"]');
  form.addEventListener("submit", (event) => {
    if (!step.hidden) return; // confirmed: let it go
    if (!form.reportValidity()) return;
    event.preventDefault();
    const chosen = form.querySelector('input[name="choice"]:checked');
    const label = chosen?.closest("label")?.textContent.trim() || "";
    step.querySelector(".confirm-text").textContent = form.dataset.msgConfirm.replace("%(choice)s", label);
    step.hidden = false;
    send.hidden = true;
  });
  step.querySelector('[data-action="back"]').addEventListener("click", () => {
    step.hidden = true;
    send.hidden = false;
  });
}

function countdown(el) {
  const deadline = new Date(el.dataset.deadline).getTime();
  const tick = () => {
    const left = Math.max(0, deadline - Date.now());
    if (left === 0) {
      el.textContent = el.dataset.msgOver;
      return;
    }
    const minutes = Math.floor(left / 60000);
    el.textContent = el.dataset.msgLeft
      .replace("%(d)s", String(Math.floor(minutes / 1440)))
      .replace("%(h)s", String(Math.floor((minutes % 1440) / 60)).padStart(2, "0"))
      .replace("%(m)s", String(minutes % 60).padStart(2, "0"));
    setTimeout(tick, 30000);
  };
  tick();
}

document.querySelectorAll('form[data-testid="ballot-form"]').forEach(createWithProgress);
document.querySelectorAll("form.answer-form").forEach(confirmStep);
document.querySelectorAll(".countdown[data-deadline]").forEach(countdown);
