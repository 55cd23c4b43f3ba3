// Sending the outbox: batches, retries with exponential backoff and jitter, and the triggers
// that start a sync. The core (syncOnce) is DOM-free so the service worker can run it.

import { ApiError, abortRequests, postSync } from "./api.js";
import { getMeta, outboxByUser, setMeta } from "./db.js";
import { deviceId, nextBatch, settle } from "./outbox.js";
import { localIso } from "./time.js";

const BATCH = 200;
const FIRST_RETRY_MS = 2000;
const LONGEST_RETRY_MS = 5 * 60 * 1000;
// Taps travel together: a sync leaves once the mediator has paused this long, and at the
// latest this long after the first tap not yet sent, however steadily they keep logging.
const QUIET_MS = 4000;
const LONGEST_WAIT_MS = 45_000;

/**
 * What the phone holds unsent, all accounts together, as the desk's list of devices shows it:
 * besides the batch it goes with, which the server stores with the report.
 */
async function deviceReport(batch) {
  let pending = 0;
  let oldest = Number.MAX_SAFE_INTEGER;
  for (const { count, oldestSeq } of (await outboxByUser(new Set(batch.map((entry) => entry.seq)))).values()) {
    pending += count;
    oldest = Math.min(oldest, oldestSeq);
  }
  // A queued change's sequence number is its time in microseconds (outbox.js).
  return {
    pending,
    oldest_pending: pending ? localIso(new Date(Math.floor(oldest / 1000))) : null,
    // The shell this code belongs to: the server writes it into the page and into the worker.
    app_version:
      globalThis.document?.querySelector('meta[name="app-version"]')?.content ?? globalThis.shellVersion ?? null,
  };
}

/** The server's clock minus the phone's, in seconds, measured at the middle of the request. */
function clockOffset(sentAt, receivedAt, serverTime) {
  const server = Date.parse(serverTime);
  return Number.isNaN(server) ? null : Math.round((server - (sentAt + receivedAt) / 2) / 1000);
}

/** Send everything pending for the signed-in user; returns what happened. */
export async function syncOnce() {
  const session = await getMeta("session");
  const summary = { sent: 0, acknowledged: 0, rejected: 0, catalogueVersion: null };
  if (!session) return summary;
  const device = await deviceId();
  for (let first = true; ; first = false) {
    const batch = await nextBatch(session.user.id, BATCH);
    // One request even with nothing to send, when asked: it tells the server how the phone is
    // and the phone what time it is.
    if (batch.length === 0 && !first) break;
    const sentAt = Date.now();
    const response = await postSync({
      device_id: device,
      client_time: localIso(),
      device: await deviceReport(batch),
      shifts: batch.filter((entry) => entry.kind === "shift").map((entry) => entry.payload),
      interventions: batch.filter((entry) => entry.kind === "intervention").map((entry) => entry.payload),
    });
    const offset = clockOffset(sentAt, Date.now(), response.server_time);
    if (offset !== null) await setMeta("clockOffset", { seconds: offset, at: new Date().toISOString() });
    const outcome = await settle(batch, response.results);
    summary.sent += batch.length;
    summary.acknowledged += outcome.acknowledged;
    summary.rejected += outcome.rejected;
    summary.catalogueVersion = response.catalogue_version;
    await setMeta(`lastSync:${session.user.id}`, new Date().toISOString());
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
    this.quiet = null;
    this.firstUnsent = null;
    // null until a sync was tried; then whether the server answered the last one.
    this.reachable = null;
  }

  start() {
    addEventListener("online", () => {
      // A sync stuck in the tunnel would hold this one for up to 45 s: cut it, send again.
      if (this.running) abortRequests();
      this.running = null;
      this.now("online");
    });
    document.addEventListener("visibilitychange", () => {
      // Screen on: catch up. Screen off or app left: send what waits now, and let the
      // browser retry on its own if that fails.
      this.now(document.visibilityState === "visible" ? "visible" : "hidden");
      if (document.visibilityState === "hidden") this.registerBackgroundSync();
    });
    if (navigator.serviceWorker) {
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.type === "synced")
          this.dispatchEvent(new CustomEvent("synced", { detail: event.data }));
      });
    }
    this.now("start");
  }

  /** After a tap: wait for a pause so a run of taps travels in one request. */
  soon() {
    const now = Date.now();
    this.firstUnsent ??= now;
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstUnsent + LONGEST_WAIT_MS - now));
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.now("record"), wait);
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
    clearTimeout(this.quiet);
    this.firstUnsent = null;
    const run = syncOnce()
      .then((summary) => {
        this.delay = FIRST_RETRY_MS;
        this.reachable = true;
        this.dispatchEvent(new CustomEvent("synced", { detail: { ...summary, reason } }));
      })
      .catch((error) => {
        if (error instanceof ApiError && error.status === 401) {
          this.reachable = true;
          this.dispatchEvent(new CustomEvent("signin-needed"));
          return;
        }
        if (error instanceof ApiError && error.code === "password_change_required") {
          this.reachable = true;
          this.dispatchEvent(new CustomEvent("password-needed"));
          return;
        }
        // No answer, or the server failing: it is not the phone's network that is at fault
        // when the browser says it is online.
        this.reachable = !(error instanceof ApiError) || !(error.network || error.status >= 500);
        this.dispatchEvent(new CustomEvent("failed", { detail: error }));
        this.retryLater();
        this.registerBackgroundSync();
      })
      .finally(() => {
        // A sync cut when the network came back ends after its replacement started.
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }

  retryLater() {
    // Full jitter: phones that lost the network together do not all come back together.
    const wait = this.delay / 2 + Math.random() * (this.delay / 2);
    this.delay = Math.min(this.delay * 2, LONGEST_RETRY_MS);
    this.timer = setTimeout(() => this.now("retry"), wait);
  }
}
