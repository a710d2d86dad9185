// Imports: while a long file uploads, is checked or is imported, show that it is
// under way (the request can take a minute) and stop a second click sending it again.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-import-progress]");
  if (!form) return;
  const status = form.querySelector("[data-progress]");
  if (status) status.hidden = false;
  form.querySelectorAll("button[type=submit]").forEach((button) => {
    button.disabled = true;
  });
});
