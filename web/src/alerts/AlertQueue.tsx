// The live queue: every alert the store holds that passes the filter, in queue order, ticking.
import { useEffect, useMemo, useState } from 'react';
import { api, asList, query } from '../api/client.ts';
import { normalizeAlert } from '../api/normalize.ts';
import type { Alert } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useLiveVersion } from '../live/hooks.ts';
import { liveStore } from '../live/store.ts';
import { useNow } from '../ui/Clock.tsx';
import { AlertCard } from './AlertCard.tsx';
import { AlertFilters } from './AlertFilters.tsx';
import { compareAlerts, DEFAULT_FILTER, matches, type AlertFilter } from './sort.ts';

/** Resolved alerts are not kept live; the resolved filter asks the server for the latest. */
function useResolved(active: boolean): Alert[] {
  const [list, setList] = useState<Alert[]>([]);
  useEffect(() => {
    if (!active) return;
    let live = true;
    api
      .get(`/alerts${query({ status: 'resolved', limit: 200 })}`)
      .then((r) => live && setList(asList(r).map((a) => normalizeAlert(a))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [active]);
  return list;
}

export function AlertQueue({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const version = useLiveVersion('alerts');
  const now = useNow();
  const [filter, setFilter] = useState<AlertFilter>(DEFAULT_FILTER);
  const resolved = useResolved(filter.status === 'resolved');
  const alerts = useMemo(() => {
    const pool = new Map<string, Alert>();
    for (const a of resolved) pool.set(a.id, a);
    for (const a of liveStore.alerts.values()) pool.set(a.id, a);
    return [...pool.values()].filter((a) => matches(a, filter, (x) => liveStore.alertContainers(x))).sort(compareAlerts);
  }, [version, filter, resolved]);
  const openCount = useMemo(() => [...liveStore.alerts.values()].filter((a) => a.status === 'open').length, [version]);

  return (
    <section className={`alert-queue${compact ? ' compact' : ''}`} data-testid="alert-queue">
      <header className="panel-head">
        <h2>{t('alerts.title')}</h2>
        <span className="muted">{t('alerts.open', { n: openCount })}</span>
      </header>
      <AlertFilters filter={filter} onChange={setFilter} />
      {alerts.length === 0 ? (
        <p className="empty">{t('alerts.empty')}</p>
      ) : (
        <ul className="alert-list">
          {alerts.slice(0, 300).map((a) => (
            <AlertCard key={a.id} alert={a} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
