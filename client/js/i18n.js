// French first, English on request. Texts live in /i18n/<lang>.json (cached by the
// service worker); elements carry data-i18n="key". A text that depends on a count is an
// object of plural forms ({"one": …, "other": …}), chosen by Intl.PluralRules: French says
// "1 saisie", "0 saisie", "2 saisies" where English says "0 records".

const LANGUAGES = ["fr", "en"];
let texts = {};
let language = "fr";
let plurals = new Intl.PluralRules("fr");

/** The language asked for, else the one last chosen on this phone, else the browser's. */
function preferred() {
  const stored = localStorage.getItem("language");
  if (stored) return stored;
  const browser = (navigator.languages || [navigator.language || "fr"]).map((tag) => tag.slice(0, 2));
  return browser.find((code) => LANGUAGES.includes(code)) || "fr";
}

export async function loadLanguage(chosen = preferred()) {
  language = LANGUAGES.includes(chosen) ? chosen : "fr";
  const response = await fetch(`/i18n/${language}.json`);
  texts = await response.json();
  plurals = new Intl.PluralRules(language);
  localStorage.setItem("language", language);
  document.documentElement.lang = language;
  translate(document);
  return language;
}

export const currentLanguage = () => language;

export function t(key, values = {}) {
  let text = texts[key] ?? key;
  if (typeof text === "object") text = text[plurals.select(Number(values.count ?? 0))] ?? text.other;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function translate(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  // Buttons that show a sign ("✕") are named in words.
  for (const element of root.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
    element.title = t(element.dataset.i18nLabel);
  }
}
