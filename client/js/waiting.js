// A shared phone: whose records wait on it. Records leave only under their author's account,
// so the next person is told whose they are and that they leave when that person signs in here.

import { getMeta, outboxByUser, setMeta } from "./db.js";
import { t } from "./i18n.js";
import { $ } from "./ui.js";

/** Names of the people who signed in on this phone, to say whose records wait. */
export async function rememberPerson(user) {
  const people = (await getMeta("people")) || {};
  people[user.id] = { name: user.name, email: user.email };
  await setMeta("people", people);
}

/** "3 saisies de Karim Benali attendent sur ce téléphone…", one line per other person. */
export async function othersWaiting(userId) {
  const people = (await getMeta("people")) || {};
  const lines = [];
  for (const [author, { count }] of await outboxByUser()) {
    if (author === userId) continue;
    const name = people[author]?.name || t("shared.someone");
    lines.push(t("shared.waiting", { count, name }));
  }
  return lines;
}

export async function renderWaiting(element, userId) {
  const lines = await othersWaiting(userId);
  element.hidden = lines.length === 0;
  element.textContent = lines.join(" ");
}

export const renderOthersBanner = (userId) => renderWaiting($("others-pending"), userId);
