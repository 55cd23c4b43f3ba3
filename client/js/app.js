// Entry point: restores the phone's state (works offline after the first sign-in), wires
// the screens together and keeps the status bar and the sync running.

import { currentSession, signOut } from "./api.js";
import { loadCatalogue } from "./catalogue.js";
import { countOutbox, databaseEvents, getMeta, openDatabase, pruneSynced, setMeta } from "./db.js";
import { currentLanguage, loadLanguage, t } from "./i18n.js";
import { LoggingScreen } from "./logging.js";
import { renderRejectedButton, showRejected } from "./rejected.js";
import { openShiftKey, setupShift, showShiftForm } from "./shift.js";
import { setupSignIn, showSignIn } from "./signin.js";
import { askPersistentStorage, renderStatus } from "./status.js";
import { SyncScheduler } from "./sync.js";
import { localDay } from "./time.js";
import { $, announce, guardTaps } from "./ui.js";

const state = { user: null, catalogue: null, shift: null };
const scheduler = new SyncScheduler();
const logging = new LoggingScreen(state, () => {
  scheduler.soon();
  refresh();
});

async function refresh() {
  await renderStatus(state.user?.id);
  await renderRejectedButton(state);
}

async function enter(user, { refresh: fetchFresh = true } = {}) {
  state.user = user;
  state.catalogue = await loadCatalogue({ refresh: fetchFresh });
  state.shift = await getMeta(openShiftKey(user.id));
  await askPersistentStorage();
  if (state.shift) {
    await logging.open();
  } else {
    await showShiftForm(state);
  }
  await refresh();
  scheduler.now("signed-in");
}

const KEEP_SYNCED_DAYS = 7;

async function boot() {
  await loadLanguage();
  await pruneSynced(localDay(KEEP_SYNCED_DAYS));
  scheduler.start();
  const session = await getMeta("session");
  if (!session) return showSignIn();
  state.user = session.user;
  if (await getMeta("catalogue")) {
    // Open at once on what the phone knows: in a tunnel a request can hang for long
    // seconds, and the mediator is already facing someone. The session check follows, and
    // the first sync brings a newer catalogue if there is one.
    await enter(state.user, { refresh: false });
    checkSession(session.user.id);
    return;
  }
  if (await checkSession(session.user.id)) await enter(state.user);
}

/** False when the server says the session is over (the sign-in form is then shown). */
async function checkSession(userId) {
  if (!navigator.onLine) return true;
  try {
    const user = await currentSession();
    if (user.id !== userId) throw new Error("another user");
    state.user = user;
    return true;
  } catch (error) {
    if (error.status !== 401) return true; // unreachable: carry on with what the phone knows
    await showSignIn({ expired: true });
    return false;
  }
}

function wire() {
  guardTaps();
  // Another person signing in on this phone gets their own open shift and outbox: the
  // first one's records stay theirs and leave only under their name.
  setupSignIn(enter);
  setupShift(
    state,
    async (shift) => {
      state.shift = shift;
      await logging.open();
      scheduler.soon();
      refresh();
    },
    () => {
      state.shift = null;
      scheduler.soon();
      refresh();
    },
  );
  $("signout").addEventListener("click", async () => {
    const pending = await countOutbox(state.user.id);
    if (pending && !confirm(t("signout.pending", { count: pending }))) return;
    try {
      await signOut();
    } catch {
      // Offline: the server session times out by itself; the phone forgets it now.
    }
    await setMeta("session", null);
    state.user = null;
    await showSignIn();
    refresh();
  });
  $("rejected-open").addEventListener("click", () => showRejected(state, refresh, (id) => logging.edit(id)));
  $("rejected-close").addEventListener("click", () => logging.open());
  $("language").addEventListener("click", async () => {
    await loadLanguage(currentLanguage() === "fr" ? "en" : "fr");
    $("language").textContent = currentLanguage() === "fr" ? "English" : "Français";
    $("language").lang = currentLanguage() === "fr" ? "en" : "fr";
    if (state.shift && !$("screen-log").hidden) await logging.open();
    refresh();
  });
  addEventListener("online", refresh);
  addEventListener("offline", refresh);
  scheduler.addEventListener("synced", async (event) => {
    const { acknowledged, rejected, catalogueVersion } = event.detail;
    if (acknowledged) announce(t("sync.done", { count: acknowledged }));
    if (rejected) announce(t("sync.rejected", { count: rejected }));
    if (catalogueVersion && state.catalogue && catalogueVersion !== state.catalogue.version) {
      state.catalogue = await loadCatalogue();
      if (state.shift && !$("screen-log").hidden && logging.step === 0) await logging.open();
    }
    if (state.shift && !$("screen-log").hidden) await logging.renderRecent();
    refresh();
  });
  scheduler.addEventListener("failed", refresh);
  scheduler.addEventListener("signin-needed", () => showSignIn({ expired: true }));
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

wire();
watchDatabase();
watchForUpdates();
boot().catch(() => announce(t("error.generic")));
