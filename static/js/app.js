// LSCB Planner progressive enhancement. Every feature works without this file.
document.addEventListener("change", (event) => {
  // Filter forms marked data-autosubmit submit themselves when a select changes.
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") form.requestSubmit();
});

// After htmx swaps in a form or a message, move focus there so keyboard and
// screen-reader users land on what appeared (first invalid field, else first field).
document.addEventListener("htmx:afterSettle", () => {
  const el = document.querySelector("[data-focus-after-swap]");
  if (!el) return;
  el.removeAttribute("data-focus-after-swap");
  const field = el.matches("form")
    ? el.querySelector(".is-invalid") || el.querySelector("select, textarea, input:not([type=hidden])")
    : el;
  if (field) field.focus();
});

// The database being unavailable answers 503 with a short message: show it before the
// element that made the request (the form keeps what was typed); clear it on success.
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  const previous = target && target.previousElementSibling;
  if (previous && previous.matches("[data-db-unavailable]")) previous.remove();
  if (event.detail.xhr.status === 503) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
