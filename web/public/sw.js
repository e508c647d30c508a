/* global self, clients */
// SealWatch Joint Management Center service worker: shows the notifications the platform pushes
// (new critical alerts, digests) and brings the console forward when one is clicked. It caches
// nothing: the console needs the network anyway.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let d = {};
  try {
    d = event.data ? event.data.json() : {};
  } catch {
    d = { body: event.data ? event.data.text() : '' };
  }
  const url = d.alertId ? '/#/alerts' : '/';
  event.waitUntil(
    self.registration.showNotification(d.title || 'SealWatch', {
      body: d.body || '',
      tag: d.tag,
      renotify: !!d.tag,
      requireInteraction: d.kind === 'alert',
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const c of list) {
        if (new URL(c.url).origin === self.location.origin && !new URL(c.url).pathname.startsWith('/field/')) {
          return c.focus().then(() => c.navigate(url).catch(() => undefined));
        }
      }
      return clients.openWindow(url);
    }),
  );
});
