// Progressive enhancement only: every form here also works without JavaScript.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrf_token"]');
    return input ? input.value : "";
  }

  // Phases of a method draft move by drag and drop too (the Move up / Move down buttons stay for the
  // keyboard): dropping one phase on another submits its move form with the place it was dropped on.
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("[data-drag-phase]");
    if (dragged) { event.dataTransfer.effectAllowed = "move"; event.dataTransfer.setData("text/plain", dragged.id); }
  });
  document.addEventListener("dragover", function (event) {
    var target = event.target.closest && event.target.closest("[data-drag-phase]");
    if (dragged && target && target !== dragged) { event.preventDefault(); }
  });
  document.addEventListener("drop", function (event) {
    var target = event.target.closest && event.target.closest("[data-drag-phase]");
    var form = dragged && dragged.querySelector("form[data-move]");
    if (!target || !form || target === dragged) { return; }
    event.preventDefault();
    var to = document.createElement("input");
    to.type = "hidden";
    to.name = "to";
    to.value = target.getAttribute("data-drag-phase");
    form.appendChild(to);
    form.submit();
  });

  // Ask before destructive actions (forms, or the button that submits, marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Selects marked data-autosubmit submit their form on change; their "Set" buttons are hidden.
  document.documentElement.classList.add("js");

  // A PDF takes a moment to render: say so while the browser waits for it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-preparing]");
    if (!link || link.getAttribute("aria-busy") === "true") { return; }
    link.setAttribute("aria-busy", "true");
    link.textContent = link.getAttribute("data-preparing");
    announce(link.getAttribute("data-preparing"));
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("select[data-autosubmit]")) {
      var form = el.form;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
    if (el.matches("input[data-select-all]")) {
      document.querySelectorAll('input[name="item"][form="bulk-form"]').forEach(function (box) {
        box.checked = el.checked;
      });
    }
  });

  // One-click status changes: post in the background and swap the row, no page reload.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-status-form]") || event.defaultPrevented) { return; }
    event.preventDefault();
    var row = form.closest("[data-item-row]");
    row.classList.add("busy");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data;
      if (data.row) {
        var holder = document.createElement("tbody");
        holder.innerHTML = data.row;
        var newRow = holder.firstElementChild;
        row.replaceWith(newRow);
        var focusTarget = newRow.querySelector(form.querySelector("select") ? "select" : "button.check");
        if (focusTarget) { focusTarget.focus(); }
      }
      if (data.progress) { updateProgress(data.progress); }
      announce(data.message || "");
    }).catch(function () {
      form.submit(); // fall back to the plain form
    });
  });

  function updateProgress(progress) {
    Object.keys(progress).forEach(function (phaseId) {
      var value = progress[phaseId];
      var text = value === null ? "–" : value + "%";
      document.querySelectorAll('[data-phase-progress="' + phaseId + '"]').forEach(function (el) {
        el.textContent = text;
      });
      document.querySelectorAll('[data-phase-headline="' + phaseId + '"]').forEach(function (el) {
        var bar = el.querySelector("progress");
        var label = el.querySelector(".progress-text");
        if (bar) { bar.value = value || 0; }
        if (label) { label.textContent = text; }
      });
    });
  }

  var live;
  function announce(message) {
    if (!live) {
      live = document.createElement("div");
      live.className = "toast";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = message;
    live.hidden = !message;
  }

  // Move focus to an error summary or conflict notice so keyboard and screen-reader users land on it.
  document.documentElement.classList.add("js");

  // The project menu on narrow screens: the button shows and hides the navigation.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".menu-button");
    if (!button) { return; }
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-autofocus]");
    if (target) { target.focus(); }
    document.querySelectorAll("[data-select-on-focus]").forEach(function (el) {
      el.addEventListener("focus", function () {
        var range = document.createRange();
        range.selectNodeContents(el);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });

  // Uploads (forms marked data-upload): files may be dropped on the form, and a progress bar shows while
  // they travel. Without JavaScript the form posts as usual.
  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest("form[data-upload]");
    if (zone) { event.preventDefault(); zone.classList.add("dragging"); }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("form[data-upload]");
    if (zone) { zone.classList.remove("dragging"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("form[data-upload]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("dragging");
    var input = zone.querySelector('input[type="file"]');
    input.files = event.dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-upload]") || event.defaultPrevented || !window.FormData) { return; }
    event.preventDefault();
    var bar = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (bar && e.lengthComputable) { bar.hidden = false; bar.value = Math.round(100 * e.loaded / e.total); }
    });
    request.addEventListener("load", function () {
      if (request.status < 400) { window.location.assign(request.responseURL); return; }
      if (bar) { bar.hidden = true; }
      var message = request.status === 413 ? form.dataset.tooLarge : form.dataset.failed;
      if (status) { status.textContent = message; } else { window.alert(message); }
    });
    request.addEventListener("error", function () {
      if (bar) { bar.hidden = true; }
      if (status) { status.textContent = form.dataset.failed; }
    });
    request.send(new FormData(form));
  });
})();
