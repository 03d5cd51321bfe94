/*
 * Live preview of a post's Markdown body in the admin.
 *
 * Adds a "Preview" button under the body field. It posts the current text to
 * the admin's preview view, which renders and sanitizes it exactly as the
 * reader site does, and shows the result in a box below. The URL and the
 * (translated) labels come from data-* attributes on the textarea, so no
 * inline script is needed: the Content-Security-Policy forbids it.
 */
"use strict";
(function () {
  function setUp() {
    const body = document.getElementById("id_body");
    if (!body || !body.dataset.previewUrl) {
      return;
    }
    const row = body.closest(".form-row") || body.parentElement;
    const tokenInput = body.form && body.form.querySelector("[name=csrfmiddlewaretoken]");

    const button = document.createElement("button");
    button.type = "button";
    button.className = "button pressroom-preview-button";
    button.textContent = body.dataset.previewLabel || "Preview";

    const box = document.createElement("div");
    box.className = "pressroom-preview";
    box.hidden = true;
    box.setAttribute("role", "region");
    box.setAttribute("aria-live", "polite");
    box.setAttribute("aria-label", body.dataset.previewHeading || "Preview");

    button.addEventListener("click", function () {
      const data = new URLSearchParams();
      data.append("body", body.value);
      data.append("csrfmiddlewaretoken", tokenInput ? tokenInput.value : "");
      button.disabled = true;
      fetch(body.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput ? tokenInput.value : "" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          // The server sanitized this HTML with the reader site's allowlists.
          box.innerHTML = html;
          box.classList.remove("pressroom-preview-error");
        })
        .catch(function () {
          box.textContent = body.dataset.previewError || "Error";
          box.classList.add("pressroom-preview-error");
        })
        .finally(function () {
          box.hidden = false;
          button.disabled = false;
        });
    });

    row.appendChild(button);
    row.appendChild(box);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
