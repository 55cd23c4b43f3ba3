// Sign-in screen. Signing in again after an expiry keeps every pending record; another
// person signing in on the same phone never sends them under their own name.

import { signIn } from "./api.js";
import { countOutbox, getMeta, setMeta } from "./db.js";
import { t } from "./i18n.js";
import { $, show } from "./ui.js";

export async function showSignIn({ expired = false } = {}) {
  const notice = $("signin-pending");
  const previous = await getMeta("session");
  const pending = previous ? await countOutbox(previous.user.id) : 0;
  notice.hidden = !(expired && pending);
  notice.textContent = t("signin.expired", { count: pending });
  if (previous && !$("signin-email").value) $("signin-email").value = previous.user.email;
  $("signin-error").hidden = true;
  show("screen-signin");
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
      await setMeta("session", { user });
      $("signin-password").value = "";
      error.hidden = true;
      await onSignedIn(user);
    } catch (failure) {
      const key = failure.network ? "signin.offline" : failure.status === 429 ? "signin.throttled" : "signin.invalid";
      error.textContent = t(key);
      error.hidden = false;
    }
  });
}
