// The status bar: the network as the phone can act on it ("Hors ligne" is the phone's,
// "Serveur injoignable" is not), today's count, records not yet on the server, the last sync
// in words, and a warning when the phone's clock is wrong.

import { countOutbox, getMeta } from "./db.js";
import { currentLanguage, t } from "./i18n.js";
import { todayCount } from "./records.js";
import { formatTime } from "./time.js";
import { $ } from "./ui.js";

// Beyond this the server flags the shift, and a record may land on the wrong day.
const CLOCK_TOLERANCE_S = 5 * 60;

export async function askPersistentStorage() {
  // Without it the browser may evict the outbox under storage pressure. Nothing to show: a
  // mediator cannot act on it, and records leave the phone within seconds when online.
  if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist();
}

/** "à l'instant", "il y a 3 min", "il y a 2 h", "hier à 14:05", "le 27/11 à 14:05". */
export function sinceText(iso, now = new Date()) {
  const then = new Date(iso);
  const minutes = Math.round((now - then) / 60000);
  const words = new Intl.RelativeTimeFormat(currentLanguage(), { numeric: "auto" });
  if (minutes < 1) return t("time.justNow");
  const sameDay = then.toDateString() === now.toDateString();
  if (minutes < 60) return words.format(-minutes, "minute");
  if (sameDay) return words.format(-Math.floor(minutes / 60), "hour");
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (then.toDateString() === yesterday.toDateString()) return t("time.yesterdayAt", { time: formatTime(iso) });
  const day = then.toLocaleDateString(currentLanguage() === "fr" ? "fr-FR" : "en-GB", {
    day: "2-digit",
    month: "2-digit",
  });
  return t("time.dayAt", { day, time: formatTime(iso) });
}

/** "avance de 25 h", "retarde de 12 min": how far the phone's clock is from the server's. */
export function clockText(seconds) {
  const ahead = seconds < 0; // server minus phone: negative when the phone is ahead
  const minutes = Math.round(Math.abs(seconds) / 60);
  const amount =
    minutes >= 90 ? t("clock.hours", { count: Math.round(minutes / 60) }) : t("clock.minutes", { count: minutes });
  return t(ahead ? "clock.ahead" : "clock.behind", { amount });
}

/** The phone's clock is off by more than the tolerance: seconds (server minus phone), else null. */
export async function clockOffset() {
  const offset = await getMeta("clockOffset");
  return offset && Math.abs(offset.seconds) > CLOCK_TOLERANCE_S ? offset.seconds : null;
}

export async function renderStatus(userId, reachable) {
  const network = $("status-network");
  const state = !navigator.onLine ? "offline" : reachable === false ? "unreachable" : "online";
  network.dataset.state = state;
  network.textContent = t(`status.${state}`);
  $("status-today").textContent = userId ? await todayCount(userId) : 0;
  $("status-pending").textContent = userId ? await countOutbox(userId) : 0;
  const lastSync = userId ? await getMeta(`lastSync:${userId}`) : null;
  $("status-last-sync").textContent = lastSync
    ? t("status.lastSync", { when: sinceText(lastSync) })
    : t("status.never");
  const offset = await clockOffset();
  $("clock-banner").hidden = offset === null;
  if (offset !== null) $("clock-text").textContent = t("clock.warning", { offset: clockText(offset) });
}
