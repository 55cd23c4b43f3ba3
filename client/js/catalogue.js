// The catalogue: fetched when the network allows, its last copy kept for offline shifts.

import { fetchCatalogue } from "./api.js";
import { getMeta, setMeta } from "./db.js";
import { currentLanguage } from "./i18n.js";

/** Each person's catalogue is kept apart: on a shared phone the next one, of any
 * organisation, never sees the previous one's missions or colleagues. */
export const catalogueKey = (userId) => `catalogue:${userId}`;

export async function loadCatalogue(userId, { refresh = true } = {}) {
  if (refresh) {
    try {
      const catalogue = await fetchCatalogue();
      await setMeta(catalogueKey(userId), catalogue);
      return catalogue;
    } catch (error) {
      if (error.status === 401) throw error;
      // Offline: the copy from the last successful fetch is the truth for this shift.
    }
  }
  const stored = await getMeta(catalogueKey(userId));
  // A copy kept from before the server sent the vocabularies counts as unversioned, so the
  // next sync, seeing the server's version differ, fetches a complete one.
  return stored && !stored.vocabularies ? { ...stored, version: null } : stored;
}

/** A phone updated from the version that kept one catalogue for whoever was signed in: it
 * was that person's, the one still signed in. Moved under their name once. */
export async function adoptSharedCatalogue(userId) {
  const shared = await getMeta("catalogue");
  if (!shared) return;
  if (!(await getMeta(catalogueKey(userId)))) await setMeta(catalogueKey(userId), shared);
  await setMeta("catalogue", undefined);
}

export function missionOf(catalogue, code) {
  return catalogue?.missions.find((mission) => mission.code === code) || null;
}

/** A mission's, site's or type's name in the screen's language (a catalogue from before the
 * server sent `labels` has the French one only). */
export function labelOf(entry) {
  return entry?.labels?.[currentLanguage()] || entry?.label || "";
}

export function typeLabel(mission, code) {
  return labelOf(mission?.types.find((kind) => kind.code === code)) || code;
}

export function siteLabel(mission, code) {
  return labelOf(mission?.sites.find((site) => site.code === code));
}

/** The places a mission allows, in the screen's language (all of them from an older server). */
export function placesOf(catalogue, mission) {
  const places = vocabulary(catalogue, "places");
  return mission?.places ? places.filter((place) => mission.places.includes(place.code)) : places;
}

/** A fixed vocabulary (genders, age_bands, places, durations, mask_outcomes) as {code, label}
 * in the screen's language; empty on a catalogue kept from before the server sent them. */
export function vocabulary(catalogue, name) {
  const language = currentLanguage();
  return (catalogue?.vocabularies?.[name] || []).map(({ code, labels }) => ({
    code,
    label: labels[language] ?? labels.fr ?? code,
  }));
}

export function vocabularyLabel(catalogue, name, code) {
  return vocabulary(catalogue, name).find((term) => term.code === code)?.label || code;
}
