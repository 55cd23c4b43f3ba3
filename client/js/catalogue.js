// The catalogue: fetched when the network allows, its last copy kept for offline shifts.

import { fetchCatalogue } from "./api.js";
import { getMeta, setMeta } from "./db.js";
import { currentLanguage } from "./i18n.js";

export async function loadCatalogue({ refresh = true } = {}) {
  if (refresh) {
    try {
      const catalogue = await fetchCatalogue();
      await setMeta("catalogue", catalogue);
      return catalogue;
    } catch (error) {
      if (error.status === 401) throw error;
      // Offline: the copy from the last successful fetch is the truth for this shift.
    }
  }
  const stored = await getMeta("catalogue");
  // A copy kept from before the server sent the vocabularies counts as unversioned, so the
  // next sync, seeing the server's version differ, fetches a complete one.
  return stored && !stored.vocabularies ? { ...stored, version: null } : stored;
}

export function missionOf(catalogue, code) {
  return catalogue?.missions.find((mission) => mission.code === code) || null;
}

export function typeLabel(mission, code) {
  return mission?.types.find((kind) => kind.code === code)?.label || code;
}

export function siteLabel(mission, code) {
  return mission?.sites.find((site) => site.code === code)?.label || "";
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
