// Web Push in the browser, shared by the console and the field app: subscribe this browser with
// the platform's VAPID key once the person allows notifications, and unsubscribe it again. The
// service worker (each app's sw.js) shows what arrives.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from './api-client.ts';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export const pushSupported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function registration(swUrl: string, scope: string): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration(scope);
  return existing ?? (await navigator.serviceWorker.register(swUrl, { scope }));
}

/** Whether this browser is subscribed now (and allowed to be). */
export async function pushState(scope: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const reg = await navigator.serviceWorker.getRegistration(scope);
  const sub = await reg?.pushManager.getSubscription();
  return sub ? 'on' : 'off';
}

/** Asks the person, subscribes this browser, and tells the platform. */
export async function enablePush(api: ApiClient, swUrl: string, scope: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const reg = await registration(swUrl, scope);
  await navigator.serviceWorker.ready;
  const { publicKey } = await api.get<{ publicKey: string }>('/notifications/push/key');
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the server's keys changed) is useless: renew it.
  if (sub && sub.options.applicationServerKey) {
    const current = new Uint8Array(sub.options.applicationServerKey);
    const wanted = keyBytes(publicKey);
    if (current.length !== wanted.length || current.some((b, i) => b !== wanted[i])) {
      await sub.unsubscribe();
      sub = null;
    }
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) as BufferSource });
  const json = sub.toJSON();
  await api.post('/notifications/push/subscriptions', { endpoint: json.endpoint, keys: json.keys });
  return 'on';
}

/** Unsubscribes this browser, at the platform and at the push service. */
export async function disablePush(api: ApiClient, scope: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const reg = await navigator.serviceWorker.getRegistration(scope);
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return 'off';
  const mine = await api.get<{ id: string; endpoint: string }[]>('/notifications/push/subscriptions');
  const known = mine.find((s) => s.endpoint === sub.endpoint);
  if (known) await api.del(`/notifications/push/subscriptions/${encodeURIComponent(known.id)}`);
  await sub.unsubscribe();
  return 'off';
}

/** The toggle's state and action: `state` is null while it is being found out or changed. */
export function usePush(api: ApiClient, swUrl: string, scope: string): { state: PushState | null; failed: boolean; toggle(): void } {
  const [state, setState] = useState<PushState | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    pushState(scope).then((s) => live && setState(s), () => live && setState('unsupported'));
    return () => {
      live = false;
    };
  }, [scope]);
  const toggle = useCallback(() => {
    const was = state;
    if (was !== 'on' && was !== 'off') return;
    setState(null);
    setFailed(false);
    (was === 'on' ? disablePush(api, scope) : enablePush(api, swUrl, scope)).then(setState, () => {
      setFailed(true);
      setState(was);
    });
  }, [api, state, swUrl, scope]);
  return { state, failed, toggle };
}
