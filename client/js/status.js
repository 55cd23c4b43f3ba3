// The status bar: today's count, records not yet on the server, last sync, offline.

import { countOutbox, getMeta } from "./db.js";
import { formatTime, t } from "./i18n.js";
import { todayCount } from "./records.js";
import { $ } from "./ui.js";

let persisted = null;

export async function askPersistentStorage() {
  // Without it the browser may evict the outbox under storage pressure.
  if (navigator.storage?.persist) {
    persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  }
}

export async function renderStatus(userId) {
  const online = navigator.onLine;
  const network = $("status-network");
  network.dataset.state = online ? "online" : "offline";
  network.textContent = t(online ? "status.online" : "status.offline");
  $("status-today").textContent = userId ? await todayCount(userId) : 0;
  $("status-pending").textContent = userId ? await countOutbox(userId) : 0;
  const lastSync = await getMeta("lastSync");
  $("status-last-sync").textContent = lastSync
    ? t("status.lastSync", { time: formatTime(lastSync) })
    : t("status.never");
  if (persisted !== null) $("status-storage").textContent = t(persisted ? "status.persisted" : "status.notPersisted");
}
