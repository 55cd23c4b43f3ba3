// The logging screen: about three taps per intervention (type, gender, age band), saved at
// the last tap. The answers so far stay on screen with Back and Abandon; a group is one tap
// on a chip; "Même chose" repeats the last record; every save and undo can be taken back.

import { labelOf, missionOf, placesOf, siteLabel, typeLabel, vocabulary, vocabularyLabel } from "./catalogue.js";
import { getRecord } from "./db.js";
import { t } from "./i18n.js";
import { latestInterventions, logIntervention, reviseIntervention, undoIntervention } from "./records.js";
import { formatTime } from "./time.js";
import { $, announce, button, option, show, toast } from "./ui.js";

const RECENT = 15;
// The catalogue's vocabulary behind each question of the flow.
const VOCABULARY_OF = { gender: "genders", age_band: "age_bands", mask_outcome: "mask_outcomes" };
const QUESTION_OF = { gender: "log.askGender", age_band: "log.askAge", mask_outcome: "log.askMask" };
// A group of up to four is one tap; a larger one opens a counter from five.
const PEOPLE_CHIPS = [1, 2, 3, 4];
const MASK_TYPE = "mask_reminder";

/** "Aide automate · Masque porté · Homme · 25–60 ans · 3 personnes": a record in words. */
export function describe(catalogue, mission, record) {
  const words = [(record.types || []).map((code) => typeLabel(mission, code)).join(", ")];
  if (record.mask_outcome) words.push(vocabularyLabel(catalogue, "mask_outcomes", record.mask_outcome));
  if (record.gender && record.gender !== "unknown") words.push(vocabularyLabel(catalogue, "genders", record.gender));
  if (record.age_band && record.age_band !== "unknown")
    words.push(vocabularyLabel(catalogue, "age_bands", record.age_band));
  if ((record.people || 1) > 1) words.push(t("log.peopleCount", { count: record.people }));
  return words.filter(Boolean).join(" · ");
}

export class LoggingScreen {
  constructor(state, onSaved) {
    this.state = state;
    this.onSaved = onSaved;
    this.editing = null;
    this.last = null;
    // Set by the app: false when the shift was ended meanwhile (in another tab).
    // Set by the app: the shift was ended in another tab, so nothing was stored; follow it.
    this.shiftGone = async () => {};
    $("motifs-next").addEventListener("click", () => this.advance());
    $("edit-cancel").addEventListener("click", () => this.reset());
    $("trail-back").addEventListener("click", () => this.back());
    $("trail-cancel").addEventListener("click", () => this.abandon());
    $("log-repeat").addEventListener("click", () => this.repeat());
  }

  get mission() {
    return missionOf(this.state.catalogue, this.state.shift.mission);
  }

  get catalogue() {
    return this.state.catalogue;
  }

  open() {
    const shift = this.state.shift;
    const mission = this.mission;
    $("log-shift").textContent = t("shift.since", {
      mission: labelOf(mission) || shift.mission,
      site: siteLabel(mission, shift.site) || "—",
      time: formatTime(shift.started_at),
    });
    this.reset();
    show("screen-log");
    return this.renderRecent();
  }

  /** The questions this mission asks, in order; the last answer saves. The mask outcome is
   * asked right after a mask reminder. A question whose answers the phone's catalogue does not
   * carry yet is skipped rather than left without buttons. */
  steps() {
    const fields = this.mission?.fields || [];
    const asked = [];
    if (fields.includes("mask_reminder") && this.draft.types.includes(MASK_TYPE)) asked.push("mask_outcome");
    asked.push(...["gender", "age_band"].filter((step) => fields.includes(step)));
    return ["types", ...asked.filter((step) => this.terms(step).length)];
  }

  terms(step) {
    return vocabulary(this.catalogue, VOCABULARY_OF[step]);
  }

  asks(field) {
    return (this.mission?.fields || []).includes(field);
  }

  reset(from = null) {
    const mission = this.mission;
    const keep = this.draft || {};
    this.editing = from ? from.id : null;
    this.draft = from
      ? { ...from }
      : {
          types: [],
          // The place stays from one record to the next: a mediator moves less often than they log.
          place: keep.place || mission?.default_place || null,
          people: 1,
          duration: this.asks("duration") ? "short" : null,
          mask_reminder: false,
          mask_outcome: null,
          rating: null,
        };
    this.step = 0;
    $("log-editing").hidden = !this.editing;
    $("log-details").open = false;
    this.renderDetails();
    this.renderPeople();
    this.renderStep();
  }

  renderStep() {
    const step = this.steps()[this.step];
    const mission = this.mission;
    const choices = $("log-choices");
    const multi = step === "types" && mission?.multi_motif;
    choices.className = step === "types" ? "choices" : "choices row";
    $("motifs-next").hidden = !multi;
    let question;
    if (step === "types") {
      question = t(multi ? "log.askMotifs" : "log.askTypes");
      choices.replaceChildren(
        ...(mission?.types || []).map((kind) => {
          const chosen = this.draft.types.includes(kind.code);
          const element = button(labelOf(kind), () => this.chooseType(kind.code, element));
          if (multi || this.editing) element.setAttribute("aria-pressed", String(chosen));
          return element;
        }),
      );
      $("motifs-next").disabled = this.draft.types.length === 0;
    } else {
      question = t(QUESTION_OF[step]);
      choices.replaceChildren(
        ...this.terms(step).map(({ code, label }) => {
          const element = button(label, () => this.answer(step, code));
          if (this.editing) element.setAttribute("aria-pressed", String(this.draft[step] === code));
          return element;
        }),
      );
    }
    $("log-question").textContent = question;
    this.renderTrail();
  }

  /** Where am I: the answers so far, with one tap back or to abandon the record. */
  renderTrail() {
    const started = this.step > 0 || this.draft.types.length > 0;
    $("log-trail").hidden = !started && !this.editing;
    $("trail-text").textContent = started ? describe(this.catalogue, this.mission, this.answered()) : "";
    $("trail-back").hidden = this.step === 0;
    const repeatable = !this.editing && !started && this.last;
    $("log-repeat").hidden = !repeatable;
    if (repeatable) {
      const echo = describe(this.catalogue, this.mission, this.last);
      $("repeat-detail").textContent = echo;
      $("log-repeat").setAttribute("aria-label", `${t("log.repeat")} : ${echo}`);
    }
  }

  /** The draft as far as it was answered: later answers are not shown before they are given. */
  answered() {
    const done = this.steps().slice(0, this.step);
    return {
      types: this.draft.types,
      mask_outcome: done.includes("mask_outcome") ? this.draft.mask_outcome : null,
      gender: done.includes("gender") ? this.draft.gender : null,
      age_band: done.includes("age_band") ? this.draft.age_band : null,
      people: this.draft.people,
    };
  }

  /** After each answer the next question takes the focus and is read out. */
  focusQuestion() {
    const question = $("log-question");
    question.focus({ preventScroll: true });
    announce(question.textContent);
  }

  chooseType(code, element) {
    if (this.mission?.multi_motif) {
      const types = this.draft.types;
      this.draft.types = types.includes(code) ? types.filter((item) => item !== code) : [...types, code];
      element.setAttribute("aria-pressed", String(this.draft.types.includes(code)));
      $("motifs-next").disabled = this.draft.types.length === 0;
      this.renderTrail();
      return;
    }
    this.draft.types = [code];
    this.advance();
  }

  answer(step, value) {
    this.draft[step] = value;
    if (step === "mask_outcome") this.draft.mask_reminder = true;
    this.advance();
  }

  advance() {
    if (this.draft.types.length === 0) return;
    // A mask reminder is one whatever the outcome; another type never carries one.
    this.draft.mask_reminder = this.asks("mask_reminder") && this.draft.types.includes(MASK_TYPE);
    if (!this.draft.mask_reminder) this.draft.mask_outcome = null;
    this.step += 1;
    if (this.step < this.steps().length) {
      this.renderStep();
      this.focusQuestion();
      return;
    }
    this.save();
  }

  back() {
    if (this.step === 0) return;
    this.step -= 1;
    const step = this.steps()[this.step];
    if (step === "types" && !this.mission?.multi_motif && !this.editing) this.draft.types = [];
    this.renderStep();
    this.focusQuestion();
  }

  abandon() {
    this.reset();
    this.focusQuestion();
  }

  async save() {
    const userId = this.state.user.id;
    const saved = this.editing
      ? await reviseIntervention(userId, this.editing, this.draft, this.state.shift.id)
      : await logIntervention(userId, this.state.shift, this.draft);
    if (!saved) return this.shiftGone();
    if (this.editing) toast(t("toast.updated"), { detail: describe(this.catalogue, this.mission, saved) });
    else this.confirm(saved);
    await this.afterChange(saved);
  }

  /** "Même chose": the last record again, as a new intervention, in one tap. */
  async repeat() {
    if (!this.last || this.editing) return;
    const { types, gender, age_band, place, people, duration, mask_reminder, mask_outcome, rating } = this.last;
    const saved = await logIntervention(this.state.user.id, this.state.shift, {
      ...{ types, gender, age_band, place, people, duration, mask_reminder, mask_outcome, rating },
    });
    if (!saved) return this.shiftGone();
    this.confirm(saved);
    await this.afterChange(saved);
  }

  confirm(saved) {
    toast(t("toast.saved"), {
      detail: describe(this.catalogue, this.mission, saved),
      action: { label: t("toast.undo"), run: () => this.undo(saved.id) },
    });
  }

  async afterChange(saved) {
    this.reset();
    await this.renderRecent();
    $("log-question").focus({ preventScroll: true });
    this.onSaved(saved);
  }

  /** Undo asks nothing: it is itself one tap from being taken back. */
  async undo(id) {
    const undone = await undoIntervention(this.state.user.id, id);
    await this.toggled(undone, t("toast.undone"), { label: t("toast.restore"), run: () => this.restore(id) });
    this.onSaved(null);
  }

  async restore(id) {
    const restored = await reviseIntervention(this.state.user.id, id, { deleted: false });
    await this.toggled(restored, t("toast.restored"), { label: t("toast.undo"), run: () => this.undo(id) });
    this.onSaved(restored);
  }

  /** After an undo or a restore: say which record, offer the way back, show the lists again. */
  async toggled(record, message, action) {
    toast(message, { detail: describe(this.catalogue, this.mission, record), action });
    await this.renderRecent();
    this.renderTrail();
  }

  async edit(id) {
    const record = await getRecord(id);
    this.reset({ ...record.payload });
    show("screen-log");
    this.focusQuestion();
  }

  async renderRecent() {
    const mission = this.mission;
    const records = await latestInterventions(this.state.user.id, this.state.shift.id, RECENT);
    this.last = records.find((record) => !record.payload.deleted)?.payload || null;
    $("recent-empty").hidden = records.length > 0;
    $("recent-list").replaceChildren(...records.map((record) => this.recentItem(record, mission)));
    if (this.draft) this.renderTrail();
  }

  recentItem(record, mission) {
    const payload = record.payload;
    const item = document.createElement("li");
    item.classList.toggle("deleted", payload.deleted);
    const what = document.createElement("span");
    what.className = "what";
    const echo = `${formatTime(payload.occurred_at)} · ${describe(this.catalogue, mission, payload)}`;
    what.textContent = echo;
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = payload.deleted ? t("log.undone") : t(`state.${record.state}`);
    item.append(what, state);
    // Each button names its record: a screen reader lists them out of the row.
    const named = (label, run) => {
      const element = button(label, run, "secondary");
      element.setAttribute("aria-label", `${label} : ${echo}`);
      return element;
    };
    if (payload.deleted) {
      item.append(named(t("toast.restore"), () => this.restore(payload.id)));
    } else {
      item.append(
        named(t("log.undo"), () => this.undo(payload.id)),
        named(t("log.edit"), () => this.edit(payload.id)),
      );
    }
    return item;
  }

  /** The size of the group: one tap on 2, 3 or 4; from five a counter. Back to 1 after a save. */
  renderPeople() {
    const row = $("log-people");
    row.hidden = !this.asks("people");
    if (row.hidden) return;
    const people = this.draft.people;
    const chips = PEOPLE_CHIPS.map((count) => {
      const chip = button(String(count), () => this.setPeople(count), "chip");
      chip.setAttribute("aria-pressed", String(people === count));
      chip.setAttribute("aria-label", t("log.peopleCount", { count }));
      return chip;
    });
    const many = button(people >= 5 ? String(people) : "5+", () => this.setPeople(Math.max(5, people)), "chip");
    many.setAttribute("aria-pressed", String(people >= 5));
    many.setAttribute("aria-label", people >= 5 ? t("log.peopleCount", { count: people }) : t("log.peopleMany"));
    const controls = [...chips, many];
    if (people >= 5) {
      const fewer = button("−", () => this.setPeople(Math.max(5, people - 1)), "chip secondary");
      fewer.setAttribute("aria-label", t("log.fewer"));
      const more = button("+", () => this.setPeople(Math.min(99, people + 1)), "chip secondary");
      more.setAttribute("aria-label", t("log.more"));
      controls.push(fewer, more);
    }
    $("people-chips").replaceChildren(...controls);
  }

  setPeople(count) {
    this.draft.people = count;
    this.renderPeople();
    this.renderTrail();
  }

  renderDetails() {
    const parts = [];
    if (this.asks("place")) parts.push(this.placeField());
    if (this.asks("duration"))
      parts.push(this.segmented("duration", t("log.duration"), vocabulary(this.catalogue, "durations")));
    if (this.asks("rating")) parts.push(this.ratingField());
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
      ...placesOf(this.catalogue, this.mission).map((place) =>
        option(place.code, place.label, place.code === this.draft.place),
      ),
    );
    select.addEventListener("change", () => {
      this.draft.place = select.value;
    });
    wrapper.append(label, select);
    return wrapper;
  }

  /** The mission's scale: three levels (the catalogue's words, sent as 3, 2 or 1) or 1-5 stars,
   * also for a catalogue kept from before scales existed. */
  ratingField() {
    const levels =
      this.mission?.rating_scale === "three_levels"
        ? vocabulary(this.catalogue, "three_levels").map(({ code, label }) => ({ code: Number(code), label }))
        : [1, 2, 3, 4, 5].map((stars) => ({ code: stars, label: `${stars}★` }));
    return this.segmented("rating", t("log.rating"), levels);
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
