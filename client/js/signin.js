// Signing in: the sign-in screen, and the banner that signs the same person in again after
// their session ended, while they keep logging. Another person signing in on the same phone
// never sends the first one's records under their own name.

import { signIn } from "./api.js";
import { countOutbox, getMeta, setMeta } from "./db.js";
import { t } from "./i18n.js";
import { $, show } from "./ui.js";
import { rememberPerson, renderWaiting } from "./waiting.js";

export async function showSignIn() {
  const previous = await getMeta("session");
  if (previous && !$("signin-email").value) $("signin-email").value = previous.user.email;
  $("signin-error").hidden = true;
  await renderWaiting($("signin-pending"), null);
  show("screen-signin");
}

/** The session ended on the server: logging goes on; a banner offers to sign in again. */
export async function showSessionBanner(user) {
  const pending = await countOutbox(user.id);
  $("session-text").textContent = t("session.expired", { count: pending });
  $("session-email").value = user.email;
  $("session-error").hidden = true;
  $("session-banner").hidden = false;
}

export function hideSessionBanner() {
  $("session-banner").hidden = true;
}

function failureText(failure) {
  return t(failure.network ? "signin.offline" : failure.status === 429 ? "signin.throttled" : "signin.invalid");
}

async function signedIn(user, onSignedIn) {
  await setMeta("session", { user });
  await setMeta("sessionExpired", false);
  await rememberPerson(user);
  await onSignedIn(user);
}

export function setupSignIn(onSignedIn) {
  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const email = $("signin-email").value.trim();
    const password = $("signin-password").value;
    const error = $("signin-error");
    if (!email || !password) {
      error.textContent = t("signin.required");
      error.hidden = false;
      return;
    }
    try {
      const user = await signIn(email, password);
      $("signin-password").value = "";
      error.hidden = true;
      await signedIn(user, onSignedIn);
    } catch (failure) {
      error.textContent = failureText(failure);
      error.hidden = false;
    }
  });
  $("session-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("session-error");
    const password = $("session-password").value;
    if (!password) {
      error.textContent = t("signin.required");
      error.hidden = false;
      return;
    }
    try {
      const user = await signIn($("session-email").value, password);
      $("session-password").value = "";
      hideSessionBanner();
      await signedIn(user, onSignedIn);
    } catch (failure) {
      error.textContent = failureText(failure);
      error.hidden = false;
    }
  });
}
