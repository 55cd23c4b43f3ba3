// Building the shift and intervention records of the sync contract, and saving them.

import {
  countOfDay,
  getMeta,
  getRecord,
  latestOfShift,
  openShiftKey,
  recordsInState,
  recordsOfShift,
  setMeta,
} from "./db.js";
import { save } from "./outbox.js";
import { localDay, localIso } from "./time.js";

export async function startShift(userId, { mission, site, teammates }) {
  const now = localIso();
  const shift = {
    id: crypto.randomUUID(),
    mission,
    site: site || null,
    started_at: now,
    ended_at: null,
    teammates,
    updated_at: now,
    deleted: false,
  };
  await save("shift", shift, userId);
  return shift;
}

export async function endShift(userId, shift) {
  const now = localIso();
  const ended = { ...shift, ended_at: now, updated_at: now };
  await save("shift", ended, userId);
  return ended;
}

/**
 * A tap: the record exists on the phone, queued, as soon as this resolves; null (nothing
 * stored) when the shift was ended meanwhile in another tab.
 */
export async function logIntervention(userId, shift, fields) {
  const now = localIso();
  const record = {
    id: crypto.randomUUID(),
    shift_id: shift.id,
    occurred_at: now,
    types: fields.types,
    gender: fields.gender || "unknown",
    age_band: fields.age_band || "unknown",
    place: fields.place || null,
    people: fields.people || 1,
    duration: fields.duration || null,
    mask_reminder: Boolean(fields.mask_reminder),
    mask_outcome: fields.mask_reminder ? fields.mask_outcome || null : null,
    rating: fields.rating || null,
    note: null,
    updated_at: now,
    deleted: false,
  };
  return (await save("intervention", record, userId, { whileOpen: shift.id })) ? record : null;
}

/**
 * An edit or an undo is the same id with a newer `updated_at`; with `whileOpen`, null
 * (nothing stored) unless that shift is still open on this phone.
 */
export async function reviseIntervention(userId, id, changes, whileOpen = null) {
  const stored = await getRecord(id);
  const revised = { ...stored.payload, ...changes, updated_at: localIso() };
  return (await save("intervention", revised, userId, { whileOpen })) ? revised : null;
}

export const undoIntervention = (userId, id) => reviseIntervention(userId, id, { deleted: true });

export async function interventionsOf(userId, shiftId) {
  const all = await recordsOfShift(shiftId);
  return all
    .filter((record) => record.kind === "intervention" && record.userId === userId)
    .sort((a, b) => (a.payload.occurred_at < b.payload.occurred_at ? 1 : -1));
}

export const todayCount = (userId) => countOfDay(userId, localDay());

export async function latestInterventions(userId, shiftId, limit) {
  // Shift records have no occurred_at, so the time index holds interventions only.
  return (await latestOfShift(shiftId, limit)).filter((record) => record.userId === userId);
}

export const rejectedOf = (userId) => recordsInState(userId, "rejected");

const TIMES = ["occurred_at", "started_at", "ended_at"];

/**
 * A record refused for its time, written by a phone whose clock was `seconds` off the
 * server's: its times moved by that much, as a new version (kept, not lost). The open shift's
 * copy follows, so ending it later does not send the wrong start again.
 */
export async function correctTimes(userId, id, seconds) {
  const stored = await getRecord(id);
  const moved = { ...stored.payload };
  for (const field of TIMES) {
    if (moved[field]) moved[field] = localIso(new Date(Date.parse(moved[field]) + seconds * 1000));
  }
  moved.updated_at = localIso(new Date(Date.now() + seconds * 1000));
  await save(stored.kind, moved, userId);
  const openKey = openShiftKey(userId);
  if (stored.kind === "shift" && (await getMeta(openKey))?.id === id) await setMeta(openKey, moved);
  return moved;
}
