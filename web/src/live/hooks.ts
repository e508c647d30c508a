// React views of the live store: re-render when a topic changes, not on every position.
import { useSyncExternalStore } from 'react';
import { liveStore } from './store.ts';

export function useLiveVersion(topic: 'alerts' | 'trips' | 'status' | 'positions'): number {
  return useSyncExternalStore(
    (fn) => liveStore.subscribe(topic, fn),
    () => liveStore.versions[topic],
  );
}
