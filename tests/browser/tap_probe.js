// Test-only: counts the taps the mediator app stores, for the browser tests and
// bench/client.py. Injected by them into every page (DevTools'
// Page.addScriptToEvaluateOnNewDocument), never served with the app.
//   tapProbe.stored: interventions committed to the outbox, once the app has reacted to the
//                    commit ("Enregistré" shown, the first question back on screen);
//   tapProbe.saved:  of those, how many the recent list has been redrawn with since;
//   tapProbe.when(name, above): a promise of the moment tapProbe[name] exceeds `above`;
//   tapProbe.lastTap: where the last finger tap on the app's buttons landed (viewport x, y).
(() => {
  if (window.tapProbe) return;
  let committed = 0;
  const waiters = [];
  const probe = {
    stored: 0,
    saved: 0,
    when(name, above) {
      return new Promise((resolve) => {
        if (probe[name] > above) resolve();
        else waiters.push({ name, above, resolve });
      });
    },
  };
  const set = (name, value) => {
    probe[name] = value;
    for (const waiter of waiters.filter((one) => one.name === name && value > one.above)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  window.tapProbe = probe;

  // Where the last finger tap that ui.js's guard counts landed (a button of the app or its
  // toast, `detail` > 0): Phone.click waits for the guard only before a tap near it.
  document.addEventListener(
    "click",
    (event) => {
      if (event.detail > 0 && event.target.closest?.("button, summary")?.closest("main, #toast"))
        probe.lastTap = { x: event.clientX, y: event.clientY };
    },
    true,
  );

  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, ...key) {
    const request = put.call(this, value, ...key);
    if (this.name === "outbox" && value?.kind === "intervention") {
      const transaction = this.transaction;
      // Listening only once the app has set its own oncomplete (right after its puts), the
      // probe hears the commit after the app has reacted to it: microtasks run in between.
      queueMicrotask(() =>
        transaction.addEventListener("complete", () => {
          committed += 1;
          set("stored", probe.stored + 1);
        }),
      );
    }
    return request;
  };

  new MutationObserver((changes) => {
    if (committed > probe.saved && changes.some((change) => change.target.id === "recent-list"))
      set("saved", committed);
  }).observe(document, { childList: true, subtree: true });
})();
