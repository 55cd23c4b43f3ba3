// The outbox: every record is written here in the same transaction that shows it as saved,
// keyed by the UUID given at the tap, and leaves only on the server's acknowledgement of
// that very version. No DOM here: the service worker replays it too (Background Sync).

import { counted, getMeta, openShiftKey, outboxOf, setMeta, write } from "./db.js";
import { dayOf } from "./time.js";

const ACKNOWLEDGED = new Set(["created", "updated", "unchanged"]);
let lastSeq = 0;

function nextSeq() {
  // Oldest change first, even for several taps in the same millisecond.
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

export async function deviceId() {
  let id = await getMeta("deviceId");
  if (!id) {
    id = crypto.randomUUID();
    await setMeta("deviceId", id);
  }
  return id;
}

/**
 * Store a new version of a record and queue it, atomically; resolves to whether it was
 * stored. With `whileOpen` (a shift id), only if that shift is still the person's open one on
 * this phone: another tab may have ended it. Checked in the same transaction as the write, so
 * nothing can end the shift in between, and a tap waits on one transaction, not two.
 */
export async function save(kind, payload, userId, { whileOpen = null } = {}) {
  const seq = nextSeq();
  const shiftId = kind === "shift" ? payload.id : payload.shift_id;
  const day = dayOf(payload.occurred_at || payload.started_at);
  const put = ({ records, outbox }) => {
    const record = {
      id: payload.id,
      kind,
      userId,
      shiftId,
      day,
      payload,
      state: "pending",
      errors: null,
      status: null,
    };
    records.put({ ...record, counted: counted(record) });
    outbox.put({ id: payload.id, kind, userId, payload, seq });
    return true;
  };
  if (!whileOpen) return write(["records", "outbox"], put);
  const outcome = { stored: false };
  await write(["records", "outbox", "meta"], (stores) => {
    stores.meta.get(openShiftKey(userId)).onsuccess = (event) => {
      if (event.target.result?.id === whileOpen) outcome.stored = put(stores);
    };
  });
  return outcome.stored;
}

/** What to send next: every pending shift (interventions need theirs) and the oldest taps. */
export async function nextBatch(userId, size) {
  const entries = await outboxOf(userId);
  const shifts = entries.filter((entry) => entry.kind === "shift");
  const interventions = entries.filter((entry) => entry.kind === "intervention").slice(0, size);
  return [...shifts, ...interventions];
}

/**
 * Apply the server's per-record results to what was sent. An entry changed on the phone
 * while its batch was in flight stays queued: its newer version has not been sent yet.
 */
export function settle(sent, results) {
  const byId = new Map(results.map((result) => [result.id, result]));
  const outcome = { acknowledged: 0, rejected: 0 };
  return write(["records", "outbox"], ({ records, outbox }) => {
    for (const entry of sent) {
      const result = byId.get(entry.id);
      if (!result) continue;
      outbox.get(entry.id).onsuccess = (event) => {
        const current = event.target.result;
        if (!current || current.payload.updated_at !== entry.payload.updated_at) return;
        outbox.delete(entry.id);
        records.get(entry.id).onsuccess = (found) => {
          const record = found.target.result;
          if (!record) return;
          if (ACKNOWLEDGED.has(result.status)) {
            record.state = "synced";
            record.errors = null;
            outcome.acknowledged += 1;
          } else {
            record.state = "rejected";
            record.status = result.status;
            record.errors = result.errors || {};
            outcome.rejected += 1;
          }
          records.put(record);
        };
      };
    }
  }).then(() => outcome);
}

/** The mediator chose to drop a record the server refused. */
export function discard(id) {
  return write(["records", "outbox"], ({ records, outbox }) => {
    records.delete(id);
    outbox.delete(id);
  });
}
