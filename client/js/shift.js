// Starting a shift (mission, line or site, teammate; the last choice remembered) and
// ending it with its summary.

import { labelOf, missionOf, typeLabel } from "./catalogue.js";
import { getMeta, openShiftKey, setMeta } from "./db.js";
import { t } from "./i18n.js";
import { endShift, interventionsOf, startShift } from "./records.js";
import { formatDuration } from "./time.js";
import { $, option, show } from "./ui.js";

export async function showShiftForm(state, { endedElsewhere = false } = {}) {
  const catalogue = state.catalogue;
  $("shift-elsewhere").hidden = !endedElsewhere;
  $("shift-user").textContent = t("shift.hello", { name: state.user.name });
  const error = $("shift-error");
  error.hidden = Boolean(catalogue?.missions.length);
  error.textContent = t("shift.noCatalogue");
  const last = (await getMeta(`lastChoice:${state.user.id}`)) || {};
  const missions = $("shift-mission");
  missions.replaceChildren(
    ...(catalogue?.missions || []).map((mission) =>
      option(mission.code, labelOf(mission), mission.code === last.mission),
    ),
  );
  const teammates = $("shift-teammate");
  teammates.replaceChildren(
    option("", t("shift.alone")),
    ...(catalogue?.colleagues || []).map((mate) =>
      option(String(mate.id), mate.name, String(mate.id) === last.teammate),
    ),
  );
  fillSites(catalogue, last.site);
  show("screen-shift");
}

function fillSites(catalogue, chosen) {
  const mission = missionOf(catalogue, $("shift-mission").value);
  const sites = $("shift-site");
  const choices = (mission?.sites || []).map((site) => option(site.code, labelOf(site), site.code === chosen));
  sites.replaceChildren(...(choices.length ? choices : [option("", t("shift.noSite"))]));
}

export function setupShift(state, onStarted, onEnded) {
  $("shift-mission").addEventListener("change", () => fillSites(state.catalogue));
  $("shift-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!state.catalogue?.missions.length) return;
    // One shift at a time on a phone: one started meanwhile in another tab is the one.
    const open = await getMeta(openShiftKey(state.user.id));
    if (open) return onStarted(open);
    const choice = {
      mission: $("shift-mission").value,
      site: $("shift-site").value,
      teammate: $("shift-teammate").value,
    };
    await setMeta(`lastChoice:${state.user.id}`, choice);
    const shift = await startShift(state.user.id, {
      mission: choice.mission,
      site: choice.site || null,
      teammates: choice.teammate ? [Number(choice.teammate)] : [],
    });
    await setMeta(openShiftKey(state.user.id), shift);
    onStarted(shift);
  });
  $("shift-end").addEventListener("click", async () => {
    if (!confirm(t("shift.endConfirm"))) return;
    const open = await getMeta(openShiftKey(state.user.id));
    if (open?.id !== state.shift?.id) return onEnded(null);
    const ended = await endShift(state.user.id, state.shift);
    await setMeta(openShiftKey(state.user.id), null);
    await showSummary(state, ended);
    onEnded(ended);
  });
  $("summary-done").addEventListener("click", () => showShiftForm(state));
}

async function showSummary(state, shift) {
  const mission = missionOf(state.catalogue, shift.mission);
  const records = (await interventionsOf(state.user.id, shift.id)).filter((record) => !record.payload.deleted);
  const counts = new Map();
  for (const record of records) {
    for (const code of record.payload.types) counts.set(code, (counts.get(code) || 0) + 1);
  }
  const duration = formatDuration(shift.started_at, shift.ended_at);
  $("summary-line").textContent = t("summary.line", { count: records.length, duration });
  const rows = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => {
      const row = document.createElement("tr");
      const label = document.createElement("td");
      label.textContent = typeLabel(mission, code);
      const number = document.createElement("td");
      number.className = "number";
      number.textContent = count;
      row.append(label, number);
      return row;
    });
  $("summary-table").tBodies[0].replaceChildren(...rows);
  show("screen-summary");
}
