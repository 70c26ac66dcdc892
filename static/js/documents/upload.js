// Upload a PDF to an agenda item with a visible progress bar (XMLHttpRequest upload progress),
// then replace the item's document list with the server's fresh rendering. Errors in Vietnamese
// come from the server (JSON {error}) or from the form's data-msg-* attributes.
const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

function showError(form, message) {
  const box = form.querySelector(".upload-error");
  box.textContent = message;
  box.hidden = !message;
}

function setProgress(form, percent) {
  const bar = form.querySelector(".upload-progress");
  const label = form.querySelector(".upload-percent");
  bar.hidden = false;
  label.hidden = false;
  bar.value = percent;
  label.textContent = `${percent}%`;
  form.dataset.progress = String(percent);
}

// A refused upload shows its message only: a "100%" next to it would read as a success.
function hideProgress(form) {
  form.querySelector(".upload-progress").hidden = true;
  form.querySelector(".upload-percent").hidden = true;
  delete form.dataset.progress;
}

function upload(form) {
  const input = form.querySelector('input[type="file"]');
  const file = input.files[0];
  showError(form, "");
  hideProgress(form);
  if (!file) return showError(form, form.dataset.msgEmpty);
  if (file.size > Number(form.dataset.maxBytes)) return showError(form, form.dataset.msgTooBig);
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") return showError(form, form.dataset.msgNotPdf);

  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  setProgress(form, 0);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("X-CSRFToken", csrfToken());
  xhr.setRequestHeader("Accept", "application/json");
  xhr.responseType = "json";
  xhr.upload.onprogress = (event) => {
    if (event.lengthComputable) setProgress(form, Math.floor((event.loaded / event.total) * 100));
  };
  xhr.onload = () => {
    button.disabled = false;
    const body = xhr.response || {};
    if (xhr.status === 201) {
      setProgress(form, 100);
      form.dataset.state = "done";
      const section = form.closest(".item-documents");
      if (body.html && section) {
        const fresh = document.createRange().createContextualFragment(body.html).firstElementChild;
        const freshForm = fresh.querySelector(".doc-upload");
        if (freshForm) {
          freshForm.dataset.state = "done";
          setProgress(freshForm, 100);
        }
        section.replaceWith(fresh);
      }
      return;
    }
    form.dataset.state = "error";
    hideProgress(form);
    showError(form, body.error || form.dataset.msgNetwork);
  };
  xhr.onerror = () => {
    button.disabled = false;
    form.dataset.state = "error";
    hideProgress(form);
    showError(form, form.dataset.msgNetwork);
  };
  const data = new FormData(form);
  xhr.send(data);
}

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.doc-upload");
  if (!form) return;
  event.preventDefault();
  upload(form);
});
