// Hash routes (#/trips/T1): the server serves one page, and a wall screen can be pointed at a view.
import { useSyncExternalStore } from 'react';

export type View =
  | { name: 'map' }
  | { name: 'alerts' }
  | { name: 'trip'; tripId: string }
  | { name: 'search'; q: string }
  | { name: 'overview' }
  | { name: 'users' }
  | { name: 'risk' }
  | { name: 'portal' }
  | { name: 'reference'; tab: 'facilities' | 'routes' | 'params'; code?: string }
  | { name: 'reports' }
  | { name: 'cases'; id?: string }
  | { name: 'desk'; id?: string }
  | { name: 'container'; containerNo: string }
  | { name: 'exceptions' }
  | { name: 'lanes'; facility?: string }
  | { name: 'traffic'; facility?: string }
  | { name: 'vehicleHistory'; plate: string; from?: string; to?: string }
  | { name: 'apiKeys' }
  | { name: 'devices' }
  | { name: 'webhooks' }
  | { name: 'audit' };

export function parseHash(hash: string): View {
  const [path, qs] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(qs ?? '');
  switch (parts[0]) {
    case 'alerts':
      return { name: 'alerts' };
    case 'trips':
      return parts[1] ? { name: 'trip', tripId: parts[1] } : { name: 'map' };
    case 'search':
      return { name: 'search', q: params.get('q') ?? '' };
    case 'overview':
      return { name: 'overview' };
    case 'users':
      return { name: 'users' };
    case 'risk':
      return { name: 'risk' };
    case 'reports':
      return { name: 'reports' };
    case 'cases':
    case 'desk':
      return { name: parts[0], id: parts[1] };
    case 'portal':
      return { name: 'portal' };
    case 'reference': {
      const tab = parts[1] === 'routes' ? 'routes' : parts[1] === 'params' ? 'params' : 'facilities';
      return { name: 'reference', tab, code: parts[2] };
    }
    case 'containers':
      return parts[1] ? { name: 'container', containerNo: parts[1] } : { name: 'exceptions' };
    case 'exceptions':
      return { name: 'exceptions' };
    case 'lanes':
      return { name: 'lanes', facility: params.get('facility') ?? undefined };
    case 'traffic':
      return { name: 'traffic', facility: params.get('facility') ?? undefined };
    case 'vehicles':
      return parts[1] && parts[2] === 'history' ? { name: 'vehicleHistory', plate: parts[1], from: params.get('from') ?? undefined, to: params.get('to') ?? undefined } : { name: 'map' };
    case 'api-keys':
      return { name: 'apiKeys' };
    case 'devices':
    case 'webhooks':
    case 'audit':
      return { name: parts[0] };
    default:
      return { name: 'map' };
  }
}

export function hrefFor(view: View): string {
  switch (view.name) {
    case 'trip':
      return `#/trips/${encodeURIComponent(view.tripId)}`;
    case 'search':
      return view.q ? `#/search?q=${encodeURIComponent(view.q)}` : '#/search';
    case 'reference':
      return `#/reference/${view.tab}${view.code ? `/${encodeURIComponent(view.code)}` : ''}`;
    case 'cases':
    case 'desk':
      return `#/${view.name}${view.id ? `/${encodeURIComponent(view.id)}` : ''}`;
    case 'container':
      return `#/containers/${encodeURIComponent(view.containerNo)}`;
    case 'lanes':
    case 'traffic':
      return view.facility ? `#/${view.name}?facility=${encodeURIComponent(view.facility)}` : `#/${view.name}`;
    case 'vehicleHistory': {
      const qs = new URLSearchParams();
      if (view.from) qs.set('from', view.from);
      if (view.to) qs.set('to', view.to);
      const search = qs.toString();
      return `#/vehicles/${encodeURIComponent(view.plate)}/history${search ? `?${search}` : ''}`;
    }
    case 'apiKeys':
      return '#/api-keys';
    default:
      return `#/${view.name}`;
  }
}

export function navigate(view: View): void {
  location.hash = hrefFor(view);
}

export function useView(): View {
  const hash = useSyncExternalStore(
    (fn) => {
      window.addEventListener('hashchange', fn);
      return () => window.removeEventListener('hashchange', fn);
    },
    () => location.hash,
  );
  return parseHash(hash);
}
