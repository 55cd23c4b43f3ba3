// Records the server refused: shown one by one, fixed or dropped by the mediator, never
// holding back the others.

import { missionOf, typeLabel } from "./catalogue.js";
import { t } from "./i18n.js";
import { discard } from "./outbox.js";
import { correctTimes, rejectedOf, reviseIntervention } from "./records.js";
import { clockOffset, clockText } from "./status.js";
import { formatTime } from "./time.js";
import { $, button, errorText, show } from "./ui.js";

export async function renderRejectedButton(state) {
  const count = state.user ? (await rejectedOf(state.user.id)).length : 0;
  const open = $("rejected-open");
  open.hidden = count === 0;
  open.textContent = t("rejected.open", { count });
}

export async function showRejected(state, onChange, onFix) {
  const records = await rejectedOf(state.user.id);
  const items = await Promise.all(records.map((record) => item(state, record, onChange, onFix)));
  $("rejected-list").replaceChildren(...items);
  show("screen-rejected");
}

const TIME_FIELDS = ["occurred_at", "started_at", "ended_at", "updated_at"];

async function item(state, record, onChange, onFix) {
  const payload = record.payload;
  const reason = record.errors?.reason?.[0];
  const element = document.createElement("li");
  const title = document.createElement("p");
  if (record.kind === "intervention") {
    const mission = missionOf(state.catalogue, state.shift?.mission);
    title.textContent = `${formatTime(payload.occurred_at)} · ${payload.types.map((code) => typeLabel(mission, code)).join(", ")}`;
  } else {
    title.textContent = `${t("rejected.shift")} · ${formatTime(payload.started_at)}`;
  }
  const why = document.createElement("p");
  why.className = "error";
  why.textContent =
    record.status === "gone"
      ? t("rejected.gone")
      : reason === "corrected"
        ? t("rejected.corrected")
        : errorText(record.errors);
  const buttons = document.createElement("div");
  buttons.className = "buttons";
  const refresh = async () => {
    await onChange();
    await showRejected(state, onChange, onFix);
  };
  if (record.status === "gone" || reason === "corrected") {
    // The server's version stands: the phone's copy only needs to go.
    buttons.append(
      button(
        t("rejected.understood"),
        async () => {
          await discard(payload.id);
          await refresh();
        },
        "primary",
      ),
    );
  } else {
    // Refused for its time while the phone's clock is known to be off: say so in words, and
    // offer to move the record's times by the measured difference.
    const offset = await clockOffset();
    if (offset !== null && TIME_FIELDS.some((field) => record.errors?.[field])) {
      why.textContent = t("rejected.clock", { offset: clockText(offset) });
      buttons.append(
        button(
          t("rejected.fixTime"),
          async () => {
            await correctTimes(state.user.id, payload.id, offset);
            await refresh();
          },
          "primary",
        ),
      );
    }
    if (record.kind === "intervention" && record.status === "invalid") {
      buttons.append(button(t("rejected.fix"), () => onFix(payload.id), "primary"));
    }
    if (record.kind === "intervention" && record.status === "conflict") {
      buttons.append(
        button(
          t("rejected.resend"),
          async () => {
            await reviseIntervention(state.user.id, payload.id, {});
            await refresh();
          },
          "primary",
        ),
      );
    }
    buttons.append(
      button(
        t("rejected.discard"),
        async () => {
          if (confirm(t("rejected.discardConfirm"))) {
            await discard(payload.id);
            await refresh();
          }
        },
        "danger",
      ),
    );
  }
  element.append(title, why, buttons);
  return element;
}
