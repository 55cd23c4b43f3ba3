// Small DOM helpers shared by the screens, and the guard that keeps a double tap to one.

import { t } from "./i18n.js";

export const $ = (id) => document.getElementById(id);

export function show(screenId) {
  for (const screen of document.querySelectorAll("main > .screen")) {
    screen.hidden = screen.id !== screenId;
  }
  // Move focus to the new screen's title so screen readers follow the change.
  const heading = $(screenId).querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

export function announce(message) {
  const announcer = $("announcer");
  announcer.textContent = "";
  // A fresh text node is what makes screen readers speak the same message twice.
  requestAnimationFrame(() => {
    announcer.textContent = message;
  });
}

// On a lurching tram a finger lands twice, or a bounce taps again 100–300 ms later, on the
// same spot: by then the screen shows the next question and the second tap would answer it
// (or save, or undo the undo). A tap on a button of the app or its toast that lands within
// this time and this distance of the one before is dropped. A tap elsewhere on the screen is
// a new intention and goes through, however quick.
const SETTLE_MS = 350;
const SAME_SPOT_PX = 40;
let lastTap = null;
let settleTimer = null;

export function guardTaps() {
  document.addEventListener(
    "click",
    (event) => {
      const target = event.target.closest?.("button, summary");
      // No finger behind a keyboard's or a script's click (`detail` 0): nothing bounces.
      if (!target?.closest("main, #toast") || event.detail === 0) return;
      const now = performance.now();
      const near = lastTap && Math.hypot(event.clientX - lastTap.x, event.clientY - lastTap.y) < SAME_SPOT_PX;
      if (near && now - lastTap.at < SETTLE_MS) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      lastTap = { at: now, x: event.clientX, y: event.clientY };
      // Visible to tests and to styles while a second tap there would be dropped.
      document.body.dataset.settling = "";
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => delete document.body.dataset.settling, SETTLE_MS);
    },
    true,
  );
}

export function button(label, onClick, className = "") {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  if (className) element.className = className;
  element.addEventListener("click", onClick);
  return element;
}

export function option(value, label, selected = false) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = label;
  element.selected = selected;
  return element;
}

let toastTimer = null;

/**
 * "Enregistré", what was saved ("Aide automate · Homme · 25–60 ans") and one action
 * ({label, run}: "Annuler", "Rétablir") for a few seconds, with a short vibration.
 */
export function toast(message, { detail = "", action = null } = {}) {
  const box = $("toast");
  $("toast-text").textContent = message;
  $("toast-detail").textContent = detail;
  const act = $("toast-undo");
  act.hidden = !action;
  if (action) {
    act.textContent = action.label;
    act.setAttribute("aria-label", detail ? `${action.label} : ${detail}` : action.label);
    act.onclick = () => {
      box.hidden = true;
      action.run();
    };
  }
  box.hidden = false;
  announce(detail ? `${message} : ${detail}` : message);
  if (navigator.vibrate) navigator.vibrate(40);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

export function errorText(errors) {
  if (!errors) return t("error.generic");
  const messages = [];
  for (const [field, value] of Object.entries(errors)) {
    if (field === "reason") continue;
    const list = Array.isArray(value) ? value : [JSON.stringify(value)];
    // A field's name in words ("Heure"), its code only when the app has no word for it.
    const name = t(`field.${field}`);
    messages.push(
      field.startsWith("_") ? list.join(" ") : `${name === `field.${field}` ? field : name} : ${list.join(" ")}`,
    );
  }
  return messages.join(" ") || t("error.generic");
}
