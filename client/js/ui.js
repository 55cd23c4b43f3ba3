// Small DOM helpers shared by the screens.

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

/** "Enregistré" with an undo button for a few seconds, and a short vibration. */
export function toast(message, onUndo) {
  const box = $("toast");
  $("toast-text").textContent = message;
  const undo = $("toast-undo");
  undo.hidden = !onUndo;
  undo.onclick = () => {
    box.hidden = true;
    onUndo();
  };
  box.hidden = false;
  announce(message);
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
    messages.push(field.startsWith("_") ? list.join(" ") : `${field} : ${list.join(" ")}`);
  }
  return messages.join(" ") || t("error.generic");
}
