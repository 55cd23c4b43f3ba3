// Entry point: restores the phone's state (works offline after the first sign-in), wires
// the screens together and keeps the status bar and the sync running.

import { ApiError, changePassword, currentSession, signOut } from "./api.js";
import { adoptSharedCatalogue, loadCatalogue } from "./catalogue.js";
import { countOutbox, databaseEvents, getMeta, openDatabase, openShiftKey, pruneSynced, setMeta } from "./db.js";
import { currentLanguage, loadLanguage, t } from "./i18n.js";
import { LoggingScreen } from "./logging.js";
import { renderRejectedButton, showRejected } from "./rejected.js";
import { setupShift, showShiftForm } from "./shift.js";
import { hideSessionBanner, setupSignIn, showSessionBanner, showSignIn } from "./signin.js";
import { askPersistentStorage, renderStatus } from "./status.js";
import { SyncScheduler } from "./sync.js";
import { localDay } from "./time.js";
import { $, announce, guardTaps, show } from "./ui.js";
import { rememberPerson, renderOthersBanner } from "./waiting.js";

const state = { user: null, catalogue: null, shift: null };
const scheduler = new SyncScheduler();
// Tabs of the app on this phone tell each other when a shift starts or ends: one shift at a
// time per phone, and a tab never logs into a shift another one ended.
const tabs = "BroadcastChannel" in self ? new BroadcastChannel("mediatap") : null;
const logging = new LoggingScreen(state, () => {
  scheduler.soon();
  refresh();
});
logging.shiftGone = () => followShift();

async function refresh() {
  await renderStatus(state.user?.id, scheduler.reachable);
  await renderRejectedButton(state);
  await renderOthersBanner(state.user?.id ?? null);
}

async function enter(user, { refresh: fetchFresh = true } = {}) {
  state.user = user;
  await adoptSharedCatalogue(user.id);
  state.catalogue = await loadCatalogue(user.id, { refresh: fetchFresh });
  state.shift = await getMeta(openShiftKey(user.id));
  await askPersistentStorage();
  if (user.must_change_password) {
    show("screen-password");
  } else if (state.shift) {
    await logging.open();
  } else {
    await showShiftForm(state);
  }
  await refresh();
  scheduler.now("signed-in");
}

/** Another tab started or ended this person's shift: this one follows. */
async function followShift() {
  if (!state.user) return;
  const open = await getMeta(openShiftKey(state.user.id));
  if (open?.id === state.shift?.id) return;
  state.shift = open;
  if (open) await logging.open();
  else await showShiftForm(state, { endedElsewhere: true });
  refresh();
}

const KEEP_SYNCED_DAYS = 7;

async function boot() {
  // The texts are fetched (from the worker's cache) while the phone's own database is tidied:
  // nothing is drawn before both are done.
  await Promise.all([loadLanguage(), pruneSynced(localDay(KEEP_SYNCED_DAYS))]);
  scheduler.start();
  completeSignOut();
  const session = await getMeta("session");
  if (!session) return showSignIn();
  state.user = session.user;
  await rememberPerson(session.user);
  await adoptSharedCatalogue(session.user.id);
  if (await loadCatalogue(session.user.id, { refresh: false })) {
    // Open at once on what the phone knows: in a tunnel a request can hang for long
    // seconds, and the mediator is already facing someone. The session check follows, and
    // the first sync brings a newer catalogue if there is one.
    await enter(state.user, { refresh: false });
    if (await getMeta("sessionExpired")) showSessionBanner(state.user);
    checkSession(session.user.id);
    return;
  }
  if (await checkSession(session.user.id)) await enter(state.user);
  else await showSignIn();
}

/** False when the server says the session is over (logging goes on; a banner offers to sign in). */
async function checkSession(userId) {
  if (!navigator.onLine) return true;
  try {
    const user = await currentSession();
    if (user.id !== userId) throw new Error("another user");
    state.user = user;
    await setMeta("session", { user });
    return true;
  } catch (error) {
    if (error.status !== 401) return true; // unreachable: carry on with what the phone knows
    await sessionEnded();
    return false;
  }
}

async function sessionEnded() {
  if (!state.user) return;
  await setMeta("sessionExpired", true);
  await showSessionBanner(state.user);
}

/** A sign-out made offline is finished on the server as soon as it can be: until then the
 * browser's cookie would still open the previous person's session. */
async function completeSignOut() {
  if (!(await getMeta("signOutPending"))) return;
  try {
    await signOut();
  } catch (error) {
    if (error.network || error.status >= 500) return;
  }
  await setMeta("signOutPending", false);
}

async function signedIn(user) {
  // The same person signing in again from the banner carries on where they were.
  if (state.user?.id === user.id && $("screen-signin").hidden) {
    state.user = user;
    if (user.must_change_password) show("screen-password");
    await refresh();
    scheduler.now("signed-in");
    return;
  }
  await enter(user);
}

function wire() {
  guardTaps();
  // Another person signing in on this phone gets their own open shift and outbox: the
  // first one's records stay theirs and leave only under their name.
  setupSignIn(async (user) => {
    await completeSignOut();
    await signedIn(user);
  });
  setupShift(
    state,
    async (shift) => {
      state.shift = shift;
      tabs?.postMessage({ type: "shift", userId: state.user.id });
      await logging.open();
      scheduler.soon();
      refresh();
    },
    (ended) => {
      if (!ended) return followShift(); // ended meanwhile in another tab
      state.shift = null;
      tabs?.postMessage({ type: "shift", userId: state.user.id });
      scheduler.now("shift-ended");
      refresh();
    },
  );
  tabs?.addEventListener("message", (event) => {
    if (event.data?.type === "shift" && event.data.userId === state.user?.id) followShift();
  });
  $("password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("password-error");
    try {
      const user = await changePassword($("password-current").value, $("password-new").value);
      $("password-current").value = "";
      $("password-new").value = "";
      error.hidden = true;
      await setMeta("session", { user });
      await enter(user);
    } catch (failure) {
      const fields = failure instanceof ApiError ? failure.fields : {};
      error.textContent =
        [...(fields.current_password || []), ...(fields.new_password || [])].join(" ") ||
        (failure.network ? t("password.offline") : failure.message || t("error.generic"));
      error.hidden = false;
    }
  });
  $("signout").addEventListener("click", async () => {
    const pending = await countOutbox(state.user.id);
    if (pending && !confirm(t("signout.pending", { count: pending }))) return;
    try {
      await signOut();
    } catch (error) {
      if (error.network || error.status >= 500) await setMeta("signOutPending", true);
    }
    await setMeta("session", null);
    await setMeta("sessionExpired", false);
    Object.assign(state, { user: null, catalogue: null, shift: null });
    hideSessionBanner();
    await showSignIn();
    refresh();
  });
  // A record fixed, sent again or dropped on that screen leaves with the next sync.
  const changed = () => {
    scheduler.soon();
    return refresh();
  };
  $("rejected-open").addEventListener("click", () => showRejected(state, changed, (id) => logging.edit(id)));
  $("rejected-close").addEventListener("click", () => logging.open());
  $("language").addEventListener("click", async () => {
    await loadLanguage(currentLanguage() === "fr" ? "en" : "fr");
    showLanguageButton();
    if (state.shift && !$("screen-log").hidden) await logging.open();
    else if (state.user && !$("screen-shift").hidden) await showShiftForm(state);
    refresh();
  });
  addEventListener("online", () => {
    completeSignOut();
    refresh();
  });
  addEventListener("offline", refresh);
  // The last sync's "il y a 3 min" grows older by itself.
  setInterval(refresh, 30_000);
  scheduler.addEventListener("synced", async (event) => {
    const { acknowledged, rejected, catalogueVersion } = event.detail;
    if (state.user && (await getMeta("sessionExpired"))) {
      await setMeta("sessionExpired", false);
      hideSessionBanner();
    }
    if (acknowledged) announce(t("sync.done", { count: acknowledged }));
    if (rejected) announce(t("sync.rejected", { count: rejected }));
    if (catalogueVersion && state.catalogue && catalogueVersion !== state.catalogue.version) {
      state.catalogue = await loadCatalogue(state.user.id);
      if (state.shift && !$("screen-log").hidden && logging.step === 0) await logging.open();
    }
    if (state.shift && !$("screen-log").hidden) await logging.renderRecent();
    refresh();
  });
  scheduler.addEventListener("failed", refresh);
  scheduler.addEventListener("signin-needed", async () => {
    await sessionEnded();
    refresh();
  });
  scheduler.addEventListener("password-needed", () => show("screen-password"));
}

function showLanguageButton() {
  $("language").textContent = currentLanguage() === "fr" ? "English" : "Français";
  $("language").lang = currentLanguage() === "fr" ? "en" : "fr";
}

function watchForUpdates() {
  if (!navigator.serviceWorker) return;
  let applying = false;
  navigator.serviceWorker.register("/sw.js", { type: "module" }).then((registration) => {
    const offer = (worker) => {
      $("update-banner").hidden = false;
      $("update-apply").onclick = () => {
        applying = true;
        worker.postMessage({ type: "skip-waiting" });
      };
    };
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    const follow = (worker) => {
      worker.addEventListener("statechange", () => {
        // Only an update replaces a running version; the very first install is silent.
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    };
    // The browser may have found the update while this page loaded, before it could listen.
    if (registration.installing) follow(registration.installing);
    registration.addEventListener("updatefound", () => follow(registration.installing));
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Never reload in the middle of logging: only when the mediator asked for it.
    if (applying) location.reload();
  });
}

function watchDatabase() {
  // A tab still on an older version holds the database: this one upgrades it once that tab
  // is closed, and carries on by itself.
  databaseEvents.addEventListener("blocked", () => {
    $("database-blocked").hidden = false;
    openDatabase().then(() => {
      $("database-blocked").hidden = true;
    });
  });
  // A newer version opened in another tab: this page's code is out of date and has let go of
  // the database. Every tap so far is stored; the next ones wait for the reload.
  databaseEvents.addEventListener("versionchange", () => {
    $("main").inert = true;
    $("database-outdated").hidden = false;
  });
  $("database-reload").addEventListener("click", () => location.reload());
}

/** The toast sits just under the status bar and whatever banner shows, never over them. */
function keepToastUnderBars() {
  const bars = [...document.querySelectorAll("body > header, body > .banner")];
  const place = () => {
    const bottom = Math.max(0, ...bars.filter((bar) => !bar.hidden).map((bar) => bar.getBoundingClientRect().bottom));
    document.documentElement.style.setProperty("--status-bottom", `${bottom}px`);
  };
  const observer = new ResizeObserver(place);
  for (const bar of bars) observer.observe(bar);
}

wire();
keepToastUnderBars();
watchDatabase();
watchForUpdates();
boot()
  .then(showLanguageButton)
  .catch(() => announce(t("error.generic")));
