// Mediatap service worker: the app shell offline, the catalogue's last copy, and the
// outbox replayed by Background Sync. Writes are never intercepted.

import { syncOnce } from "/js/sync.js";

// Replaced by the server with a hash of the client files: any change makes a new version.
const VERSION = "__SHELL_VERSION__";
// Read by sync.js's device report when the worker sends (the page reads its own copy).
self.shellVersion = VERSION;
const SHELL_CACHE = `mediatap-shell-${VERSION}`;
// Earlier versions kept the last /api/catalogue answer here, whoever asked: a phone passed to
// someone else could show them the previous person's catalogue. The app keeps each person's
// copy in IndexedDB; this cache is only deleted.
const RETIRED_CACHE = "mediatap-data-v1";
// The app shell, listed by the server from the files it hashes for VERSION (the page, the
// manifest, every stylesheet, module, translation and icon).
const SHELL = ["__SHELL_FILES__"];

self.addEventListener("install", (event) => {
  // "reload": never fill the new cache from the browser's HTTP cache of the old version.
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => (name.startsWith("mediatap-shell-") && name !== SHELL_CACHE) || name === RETIRED_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  // The page asks only when the mediator taps "Mettre à jour": never in the middle of logging.
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

async function shellFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate" && url.pathname === "/") {
    event.respondWith(shellFirst(new Request("/")));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(shellFirst(event.request));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "mediatap-outbox") return;
  event.waitUntil(
    syncOnce().then(async (summary) => {
      for (const client of await self.clients.matchAll()) client.postMessage({ type: "synced", ...summary });
    }),
  );
});
