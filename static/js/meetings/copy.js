// Buttons marked data-copy="<input id>" copy that input's value (a link shown once) to the clipboard.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    document.execCommand("copy"); // without the Clipboard API (plain http): the selected text
  }
  button.textContent = button.dataset.copied;
});
