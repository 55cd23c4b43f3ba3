// The logging screen: about three taps per intervention (type, gender, age band), saved at
// the last tap, with optional details for the missions that ask for them.

import { missionOf, siteLabel, typeLabel } from "./catalogue.js";
import { getRecord } from "./db.js";
import { formatTime, t } from "./i18n.js";
import { latestInterventions, logIntervention, reviseIntervention, undoIntervention } from "./records.js";
import { $, button, option, show, toast } from "./ui.js";

const GENDERS = ["female", "male", "unknown"];
const AGE_BANDS = ["under_25", "25_60", "over_60", "unknown"];
const RECENT = 15;

export class LoggingScreen {
  constructor(state, onSaved) {
    this.state = state;
    this.onSaved = onSaved;
    this.editing = null;
    $("motifs-next").addEventListener("click", () => this.advance());
    $("edit-cancel").addEventListener("click", () => this.reset());
  }

  get mission() {
    return missionOf(this.state.catalogue, this.state.shift.mission);
  }

  open() {
    const shift = this.state.shift;
    const mission = this.mission;
    $("log-shift").textContent = t("shift.since", {
      mission: mission?.label || shift.mission,
      site: siteLabel(mission, shift.site) || "—",
      time: formatTime(shift.started_at),
    });
    this.reset();
    show("screen-log");
    return this.renderRecent();
  }

  /** The questions this mission asks, in order; the last answer saves. */
  steps() {
    const fields = this.mission?.fields || [];
    return [
      "types",
      ...(fields.includes("gender") ? ["gender"] : []),
      ...(fields.includes("age_band") ? ["age_band"] : []),
    ];
  }

  reset(from = null) {
    const mission = this.mission;
    const keep = this.draft || {};
    this.editing = from ? from.id : null;
    this.draft = from
      ? { ...from }
      : {
          types: [],
          place: keep.place || mission?.default_place || null,
          people: 1,
          duration: mission?.fields.includes("duration") ? "short" : null,
          mask_reminder: false,
          mask_outcome: null,
          rating: null,
        };
    this.step = 0;
    $("log-editing").hidden = !this.editing;
    this.renderDetails();
    this.renderStep();
  }

  renderStep() {
    const step = this.steps()[this.step];
    const mission = this.mission;
    const choices = $("log-choices");
    const multi = step === "types" && mission?.multi_motif;
    choices.className = step === "types" ? "choices" : "choices row";
    $("motifs-next").hidden = !multi;
    if (step === "types") {
      $("log-question").textContent = t(multi ? "log.askMotifs" : "log.askTypes");
      choices.replaceChildren(
        ...(mission?.types || []).map((kind) => {
          const chosen = this.draft.types.includes(kind.code);
          const element = button(kind.label, () => this.chooseType(kind.code, element));
          if (multi || this.editing) element.setAttribute("aria-pressed", String(chosen));
          return element;
        }),
      );
      $("motifs-next").disabled = this.draft.types.length === 0;
    } else {
      const values = step === "gender" ? GENDERS : AGE_BANDS;
      const prefix = step === "gender" ? "gender" : "age";
      $("log-question").textContent = t(step === "gender" ? "log.askGender" : "log.askAge");
      choices.replaceChildren(
        ...values.map((value) => {
          const element = button(t(`${prefix}.${value}`), () => this.answer(step, value));
          if (this.editing) element.setAttribute("aria-pressed", String(this.draft[step] === value));
          return element;
        }),
      );
    }
  }

  chooseType(code, element) {
    if (this.mission?.multi_motif) {
      const types = this.draft.types;
      this.draft.types = types.includes(code) ? types.filter((item) => item !== code) : [...types, code];
      element.setAttribute("aria-pressed", String(this.draft.types.includes(code)));
      $("motifs-next").disabled = this.draft.types.length === 0;
      return;
    }
    this.draft.types = [code];
    if (code === "mask_reminder" && this.mission?.fields.includes("mask_reminder")) this.draft.mask_reminder = true;
    this.advance();
  }

  answer(step, value) {
    this.draft[step] = value;
    this.advance();
  }

  advance() {
    this.step += 1;
    if (this.step < this.steps().length) {
      this.renderStep();
      return;
    }
    this.save();
  }

  async save() {
    const userId = this.state.user.id;
    let saved;
    if (this.editing) {
      saved = await reviseIntervention(userId, this.editing, this.draft);
      toast(t("toast.updated"));
    } else {
      saved = await logIntervention(userId, this.state.shift, this.draft);
      toast(t("toast.saved"), () => this.undo(saved.id));
    }
    // Committed to IndexedDB and announced (bench/client.py times the tap up to here).
    document.body.dataset.stored = Number(document.body.dataset.stored || 0) + 1;
    this.reset();
    await this.renderRecent();
    // How many taps this page saved: the screen is ready for the next one (tests read it).
    document.body.dataset.saved = Number(document.body.dataset.saved || 0) + 1;
    this.onSaved(saved);
  }

  async undo(id) {
    await undoIntervention(this.state.user.id, id);
    toast(t("toast.undone"));
    await this.renderRecent();
    this.onSaved(null);
  }

  async edit(id) {
    const record = await getRecord(id);
    this.reset({ ...record.payload });
    show("screen-log");
    $("log-question").focus();
  }

  async renderRecent() {
    const mission = this.mission;
    const records = await latestInterventions(this.state.user.id, this.state.shift.id, RECENT);
    $("recent-empty").hidden = records.length > 0;
    $("recent-list").replaceChildren(...records.map((record) => this.recentItem(record, mission)));
  }

  recentItem(record, mission) {
    const payload = record.payload;
    const item = document.createElement("li");
    item.classList.toggle("deleted", payload.deleted);
    const what = document.createElement("span");
    what.className = "what";
    const who = [
      payload.gender !== "unknown" ? t(`gender.${payload.gender}`) : "",
      payload.age_band !== "unknown" ? t(`age.${payload.age_band}`) : "",
    ];
    what.textContent = [
      formatTime(payload.occurred_at),
      payload.types.map((code) => typeLabel(mission, code)).join(", "),
      ...who.filter(Boolean),
    ].join(" · ");
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = payload.deleted ? t("log.undone") : t(`state.${record.state}`);
    item.append(what, state);
    if (!payload.deleted) {
      item.append(
        button(t("log.undo"), () => this.undo(payload.id), "secondary"),
        button(t("log.edit"), () => this.edit(payload.id), "secondary"),
      );
    }
    return item;
  }

  renderDetails() {
    const fields = this.mission?.fields || [];
    const parts = [];
    if (fields.includes("place")) parts.push(this.placeField());
    if (fields.includes("people")) parts.push(this.peopleField());
    if (fields.includes("duration"))
      parts.push(this.segmented("duration", t("log.duration"), ["short", "long"], (v) => t(`duration.${v}`)));
    if (fields.includes("mask_reminder")) parts.push(this.maskField());
    if (fields.includes("rating"))
      parts.push(this.segmented("rating", t("log.rating"), [1, 2, 3, 4, 5], (v) => `${v}★`));
    $("details-fields").replaceChildren(...parts);
    $("log-details").hidden = parts.length === 0;
  }

  placeField() {
    const wrapper = document.createElement("div");
    const label = document.createElement("label");
    label.htmlFor = "detail-place";
    label.textContent = t("log.place");
    const select = document.createElement("select");
    select.id = "detail-place";
    select.append(
      ...this.state.catalogue.places.map((place) => option(place.code, place.label, place.code === this.draft.place)),
    );
    select.addEventListener("change", () => {
      this.draft.place = select.value;
    });
    wrapper.append(label, select);
    return wrapper;
  }

  peopleField() {
    const group = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = t("log.people");
    const count = document.createElement("output");
    count.textContent = this.draft.people;
    const change = (delta) => {
      this.draft.people = Math.max(1, Math.min(99, this.draft.people + delta));
      count.textContent = this.draft.people;
    };
    const fewer = button("−", () => change(-1), "secondary");
    fewer.setAttribute("aria-label", t("log.fewer"));
    const more = button("+", () => change(1), "secondary");
    more.setAttribute("aria-label", t("log.more"));
    const row = document.createElement("div");
    row.className = "stepper";
    row.append(fewer, count, more);
    group.append(legend, row);
    return group;
  }

  maskField() {
    const values = [null, "complied", "refused"];
    const group = this.segmented("mask_outcome", t("log.mask"), values, (v) =>
      v ? t(`mask.${v}`) : t("log.maskNone"),
    );
    group.addEventListener("click", () => {
      this.draft.mask_reminder = this.draft.mask_outcome !== null;
    });
    return group;
  }

  segmented(field, title, values, labelOf) {
    const group = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = title;
    const row = document.createElement("div");
    row.className = "segmented";
    const buttons = values.map((value) => {
      const element = button(labelOf(value), () => {
        this.draft[field] = this.draft[field] === value && field === "rating" ? null : value;
        for (const [index, other] of buttons.entries())
          other.setAttribute("aria-pressed", String(this.draft[field] === values[index]));
      });
      element.setAttribute("aria-pressed", String(this.draft[field] === value));
      return element;
    });
    row.append(...buttons);
    group.append(legend, row);
    return group;
  }
}
