// tipnet's service worker: the app installs and opens on a weak or lost connection, and keeps
// nothing of victims in clear. Only the static files (styles, scripts, icons) and a page saying the
// connection is lost are cached; every page and answer with case data goes to the network and is
// never stored. Forms sent while offline are kept by queue.js, encrypted (AES-GCM) under a key the
// live session holds in memory only, and sent when the connection returns (docs/cases.md, Offline).
// Signing out sends Clear-Site-Data, which empties these caches and unregisters this worker.
"use strict";
const CACHE = "tipnet-static-v3"; // bumped with every change of a cached file (queue.js)
const STATIC = ["/static/app.css", "/static/htmx.min.js", "/static/review.js", "/static/queue.js", "/static/filter.js", "/static/register-sw.js", "/static/icon-192.png",
  "/static/icon-512.png", "/static/manifest.json", "/static/offline.html"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return; // forms and other sites: straight to the network, never stored
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate") {
    // Case pages: the network only; when it fails, the page saying so (no case data in it).
    event.respondWith(fetch(request).catch(() => caches.match("/static/offline.html")));
  }
});
