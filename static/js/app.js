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

// The update panel: one <dialog> per page. A row's "Update" link (data-update-panel) loads
// the progress form into it with htmx; without JavaScript the link opens the full page form.
// A modal dialog keeps focus inside; Escape and Cancel close it; focus returns to the row.
(() => {
  let opener = null;
  const panel = () => document.getElementById("update-panel");
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-update-panel]");
    const dialog = panel();
    if (link && dialog) {
      opener = link;
      document.getElementById("update-panel-body").innerHTML =
        '<h2 class="h5" id="update-panel-title">Update</h2><p role="status">Loading…</p>';
      if (!dialog.open) dialog.showModal();
      return;
    }
    if (event.target.closest("[data-panel-close]")) {
      const open = event.target.closest("dialog");
      if (open) open.close();
    }
  });
  document.addEventListener("close", (event) => {
    if (event.target.id === "update-panel" && opener) {
      if (document.contains(opener)) opener.focus();
      opener = null;
    }
  }, true);

  // Tab and Shift+Tab wrap inside the open panel (a modal dialog would let focus leave
  // the page for the browser's own controls).
  document.addEventListener("keydown", (event) => {
    const dialog = panel();
    if (event.key !== "Tab" || !dialog || !dialog.open) return;
    const focusable = [...dialog.querySelectorAll(
      "a[href], button:not([disabled]), select:not([disabled]), textarea:not([disabled]), " +
      "input:not([type=hidden]):not([disabled]), [tabindex]:not([tabindex='-1'])")]
      .filter((el) => el.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      event.preventDefault(); first.focus();
    }
  });

  // The impact fields matter only when "Complete" is chosen.
  const showImpact = (form) => {
    const fields = form.querySelector("[data-impact-fields]");
    const rag = form.querySelector("select[name$='rag']");
    if (fields && rag) fields.hidden = rag.value !== "complete";
  };
  const showAllImpact = (root) => root.querySelectorAll("form").forEach((form) => {
    if (form.querySelector("[data-impact-fields]")) showImpact(form);
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches("select[name$='rag']")) {
      const row = event.target.closest("[data-grid-row]");
      if (row) {
        const fields = row.querySelector("[data-impact-fields]");
        if (fields) fields.hidden = event.target.value !== "complete";
      } else if (event.target.form) showImpact(event.target.form);
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    showAllImpact(document);
    document.querySelectorAll("[data-grid-row]").forEach((row) => {
      const rag = row.querySelector("select[name$='rag']");
      const fields = row.querySelector("[data-impact-fields]");
      if (rag && fields) fields.hidden = rag.value !== "complete";
    });
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "update-panel-body") {
      showAllImpact(event.detail.target);
    }
  });

  // After a save: the row is no longer "without an update this quarter"; recount.
  document.body.addEventListener("action-updated", (event) => {
    const { id, thisQuarter, closed } = event.detail;
    document.querySelectorAll(`[data-action-row="${id}"]`).forEach((row) => {
      if (thisQuarter || closed) {
        row.classList.remove("no-update-this-quarter");
        row.removeAttribute("data-needs-update");
        row.querySelectorAll("[data-no-update-flag]").forEach((flag) => flag.remove());
      }
    });
    document.querySelectorAll("[data-count-no-update]").forEach((count) => {
      const ids = new Set();
      document.querySelectorAll("[data-needs-update][data-action-row]")
        .forEach((row) => ids.add(row.dataset.actionRow));
      count.textContent = ids.size;
    });
  });

  // The user menu closes on Escape and on a click elsewhere.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = document.querySelector("[data-user-menu][open]");
    if (menu) { menu.open = false; menu.querySelector("summary").focus(); }
  });
  document.addEventListener("click", (event) => {
    const menu = document.querySelector("[data-user-menu][open]");
    if (menu && !menu.contains(event.target)) menu.open = false;
  });
})();

// A grid is sent once per press: the button is disabled while it is being saved (the
// server also stores a double submit once).
document.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button[data-once]");
  if (button) setTimeout(() => { button.disabled = true; button.textContent = "Saving…"; }, 0);
});
