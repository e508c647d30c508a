/* global self, caches, fetch */
// SealWatch field app service worker: keeps the app shell so the app opens with no signal (at the
// truck, for an offline unseal). API calls always go to the network; the app queues what must be
// uploaded later. Bump VERSION to drop old caches.
const VERSION = 'sw-field-v1';
const SHELL = ['/field/', '/field/manifest.webmanifest', '/field/icon-192.png', '/field/icon-512.png'];

async function cacheShell() {
  const cache = await caches.open(VERSION);
  await cache.addAll(SHELL);
  // The hashed scripts and styles the shell loads.
  const html = await (await fetch('/field/', { cache: 'no-store' })).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/field\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/field/')) return;
  if (req.mode === 'navigate') {
    // The shell: fresh when online, the cached one when not.
    event.respondWith(
      fetch(req)
        .then((res) => {
          const copy = res.clone();
          caches.open(VERSION).then((c) => c.put('/field/', copy));
          return res;
        })
        .catch(() => caches.match('/field/')),
    );
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith(
    caches.match(req).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(VERSION).then((c) => c.put(req, copy));
          }
          return res;
        }),
    ),
  );
});

// Notifications the platform pushes (alerts of one's trips, decisions, digests): shown, and a click
// brings the app forward.
self.addEventListener('push', (event) => {
  let d = {};
  try {
    d = event.data ? event.data.json() : {};
  } catch {
    d = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(d.title || 'SealWatch', {
      body: d.body || '',
      tag: d.tag,
      renotify: !!d.tag,
      icon: '/field/icon-192.png',
      data: { url: '/field/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      const open = list.find((c) => new URL(c.url).pathname.startsWith('/field/'));
      return open ? open.focus() : self.clients.openWindow('/field/');
    }),
  );
});
