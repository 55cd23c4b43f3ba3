// Times as the phone writes and shows them. Every time it sends carries the phone's own
// offset, so the server can tell the local hour; a day is always the phone's local day.

import { currentLanguage } from "./i18n.js";

const DAY_MS = 86_400_000;
const LOCALES = { fr: "fr-FR", en: "en-GB" };

/** "2024-03-05T14:05:09.120+01:00": ISO 8601 with the phone's offset. */
export function localIso(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, 23);
  return `${local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** The day (YYYY-MM-DD) of a time written by localIso: the phone's day when it was written. */
export const dayOf = (iso) => iso.slice(0, 10);

/** The phone's local day `days` days ago (today by default). */
export const localDay = (days = 0) => dayOf(localIso(new Date(Date.now() - days * DAY_MS)));

/** "14:05" in the app's language. */
export function formatTime(iso) {
  return new Date(iso).toLocaleTimeString(LOCALES[currentLanguage()], { hour: "2-digit", minute: "2-digit" });
}

/** "2 h 05" from one time to another. */
export function formatDuration(fromIso, toIso) {
  const minutes = Math.round((new Date(toIso) - new Date(fromIso)) / 60000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}
