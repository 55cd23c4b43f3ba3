// The logging screen: about three taps per intervention (type, gender, age band), saved at
// the last tap, with optional details for the missions that ask for them.

import { missionOf, siteLabel, typeLabel, vocabulary, vocabularyLabel } from "./catalogue.js";
import { getRecord } from "./db.js";
import { t } from "./i18n.js";
import { latestInterventions, logIntervention, reviseIntervention, undoIntervention } from "./records.js";
import { formatTime } from "./time.js";
import { $, button, option, show, toast } from "./ui.js";

const RECENT = 15;
// The catalogue's vocabulary behind each question about the client.
const VOCABULARY_OF = { gender: "genders", age_band: "age_bands" };

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

  /** The questions this mission asks, in order; the last answer saves. A question whose answers
   * the phone's catalogue does not carry yet is skipped rather than left without buttons. */
  steps() {
    const fields = this.mission?.fields || [];
    const asked = ["gender", "age_band"].filter((step) => fields.includes(step) && this.terms(step).length);
    return ["types", ...asked];
  }

  terms(step) {
    return vocabulary(this.state.catalogue, VOCABULARY_OF[step]);
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
      $("log-question").textContent = t(step === "gender" ? "log.askGender" : "log.askAge");
      choices.replaceChildren(
        ...this.terms(step).map(({ code, label }) => {
          const element = button(label, () => this.answer(step, code));
          if (this.editing) element.setAttribute("aria-pressed", String(this.draft[step] === code));
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
    this.reset();
    await this.renderRecent();
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
    const catalogue = this.state.catalogue;
    const who = [
      payload.gender !== "unknown" ? vocabularyLabel(catalogue, "genders", payload.gender) : "",
      payload.age_band !== "unknown" ? vocabularyLabel(catalogue, "age_bands", payload.age_band) : "",
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
      parts.push(this.segmented("duration", t("log.duration"), vocabulary(this.state.catalogue, "durations")));
    if (fields.includes("mask_reminder")) parts.push(this.maskField());
    if (fields.includes("rating"))
      parts.push(
        this.segmented(
          "rating",
          t("log.rating"),
          [1, 2, 3, 4, 5].map((stars) => ({ code: stars, label: `${stars}★` })),
        ),
      );
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
      ...vocabulary(this.state.catalogue, "places").map((place) =>
        option(place.code, place.label, place.code === this.draft.place),
      ),
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
    const terms = [{ code: null, label: t("log.maskNone") }, ...vocabulary(this.state.catalogue, "mask_outcomes")];
    const group = this.segmented("mask_outcome", t("log.mask"), terms);
    group.addEventListener("click", () => {
      this.draft.mask_reminder = this.draft.mask_outcome !== null;
    });
    return group;
  }

  /** One button per {code, label}; the pressed one is the field's value. */
  segmented(field, title, terms) {
    const group = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = title;
    const row = document.createElement("div");
    row.className = "segmented";
    const buttons = terms.map(({ code, label }) => {
      const element = button(label, () => {
        this.draft[field] = this.draft[field] === code && field === "rating" ? null : code;
        for (const [index, other] of buttons.entries())
          other.setAttribute("aria-pressed", String(this.draft[field] === terms[index].code));
      });
      element.setAttribute("aria-pressed", String(this.draft[field] === code));
      return element;
    });
    row.append(...buttons);
    group.append(legend, row);
    return group;
  }
}
