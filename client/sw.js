// Mediatap service worker: the app shell offline, the catalogue's last copy, and the
// outbox replayed by Background Sync. Writes are never intercepted.

import { syncOnce } from "/js/sync.js";

// Replaced by the server with a hash of the client files: any change makes a new version.
const VERSION = "__SHELL_VERSION__";
const SHELL_CACHE = `mediatap-shell-${VERSION}`;
const DATA_CACHE = "mediatap-data-v1";
const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/css/app.css",
  "/js/api.js",
  "/js/app.js",
  "/js/catalogue.js",
  "/js/db.js",
  "/js/i18n.js",
  "/js/logging.js",
  "/js/outbox.js",
  "/js/records.js",
  "/js/rejected.js",
  "/js/shift.js",
  "/js/signin.js",
  "/js/status.js",
  "/js/sync.js",
  "/js/ui.js",
  "/i18n/fr.json",
  "/i18n/en.json",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-512.png",
];

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
            .filter((name) => name.startsWith("mediatap-shell-") && name !== SHELL_CACHE)
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

async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === "/api/catalogue") {
    event.respondWith(networkFirst(event.request));
  } else if (event.request.mode === "navigate" && url.pathname === "/") {
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
