// The catalogue: fetched when the network allows, its last copy kept for offline shifts.

import { fetchCatalogue } from "./api.js";
import { getMeta, setMeta } from "./db.js";

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
  return getMeta("catalogue");
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
