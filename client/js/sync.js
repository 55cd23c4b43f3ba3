// Sending the outbox: batches, retries with exponential backoff and jitter, and the triggers
// that start a sync. The core (syncOnce) is DOM-free so the service worker can run it.

import { ApiError, postSync } from "./api.js";
import { getMeta, setMeta } from "./db.js";
import { deviceId, nextBatch, settle } from "./outbox.js";

const BATCH = 200;
const FIRST_RETRY_MS = 2000;
const LONGEST_RETRY_MS = 5 * 60 * 1000;

function localIso(date = new Date()) {
  // The phone's own offset travels with every time, so the server can tell the local hour.
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, 23);
  return `${local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export { localIso };

/** Send everything pending for the signed-in user; returns what happened. */
export async function syncOnce() {
  const session = await getMeta("session");
  if (!session) return { sent: 0, acknowledged: 0, rejected: 0, catalogueVersion: null };
  const device = await deviceId();
  const summary = { sent: 0, acknowledged: 0, rejected: 0, catalogueVersion: null };
  for (;;) {
    const batch = await nextBatch(session.user.id, BATCH);
    if (batch.length === 0) break;
    const response = await postSync({
      device_id: device,
      client_time: localIso(),
      shifts: batch.filter((entry) => entry.kind === "shift").map((entry) => entry.payload),
      interventions: batch.filter((entry) => entry.kind === "intervention").map((entry) => entry.payload),
    });
    const outcome = await settle(batch, response.results);
    summary.sent += batch.length;
    summary.acknowledged += outcome.acknowledged;
    summary.rejected += outcome.rejected;
    summary.catalogueVersion = response.catalogue_version;
    await setMeta("lastSync", new Date().toISOString());
    // Nothing left that this batch could settle (all of it was refused or changed meanwhile).
    if (outcome.acknowledged + outcome.rejected === 0) break;
  }
  return summary;
}

/** The page's scheduler: one sync at a time, retried with backoff while it fails. */
export class SyncScheduler extends EventTarget {
  constructor() {
    super();
    this.running = null;
    this.timer = null;
    this.delay = FIRST_RETRY_MS;
    this.debounce = null;
  }

  start() {
    addEventListener("online", () => this.now("online"));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.now("visible");
    });
    if (navigator.serviceWorker) {
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.type === "synced")
          this.dispatchEvent(new CustomEvent("synced", { detail: event.data }));
      });
    }
    this.now("start");
  }

  /** After a tap: wait a moment so a burst of taps travels in one request. */
  soon() {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.now("record"), 1500);
    this.registerBackgroundSync();
  }

  async registerBackgroundSync() {
    try {
      const registration = await navigator.serviceWorker?.ready;
      await registration?.sync?.register("mediatap-outbox");
    } catch {
      // Background Sync is a bonus: the other triggers still run.
    }
  }

  now(reason) {
    if (this.running) return this.running;
    clearTimeout(this.timer);
    this.running = syncOnce()
      .then((summary) => {
        this.delay = FIRST_RETRY_MS;
        this.dispatchEvent(new CustomEvent("synced", { detail: { ...summary, reason } }));
      })
      .catch((error) => {
        if (error instanceof ApiError && error.status === 401) {
          this.dispatchEvent(new CustomEvent("signin-needed"));
          return;
        }
        this.dispatchEvent(new CustomEvent("failed", { detail: error }));
        this.retryLater();
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  retryLater() {
    // Full jitter: phones that lost the network together do not all come back together.
    const wait = this.delay / 2 + Math.random() * (this.delay / 2);
    this.delay = Math.min(this.delay * 2, LONGEST_RETRY_MS);
    this.timer = setTimeout(() => this.now("retry"), wait);
  }
}
