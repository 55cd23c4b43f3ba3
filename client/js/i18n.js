// French first, English on request. Texts live in /i18n/<lang>.json (cached by the
// service worker); elements carry data-i18n="key".

const LANGUAGES = ["fr", "en"];
let texts = {};
let language = "fr";

export async function loadLanguage(chosen = localStorage.getItem("language") || "fr") {
  language = LANGUAGES.includes(chosen) ? chosen : "fr";
  const response = await fetch(`/i18n/${language}.json`);
  texts = await response.json();
  localStorage.setItem("language", language);
  document.documentElement.lang = language;
  translate(document);
  return language;
}

export const currentLanguage = () => language;

export function t(key, values = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function translate(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
}

export function formatTime(iso) {
  return new Date(iso).toLocaleTimeString(language === "fr" ? "fr-FR" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
  });
}
