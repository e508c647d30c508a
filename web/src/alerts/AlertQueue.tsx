// The live queue: every alert the store holds that passes the filter, in queue order, ticking.
import { useEffect, useMemo, useRef, useState } from 'react';
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
import { acknowledgeAll } from './handling.ts';
import { useAsyncAction } from '../ui/useAsyncAction.ts';

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
  // Open alerts ticked for acknowledging together; ticks of alerts no longer open drop out.
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const openIds = useMemo(() => new Set(alerts.filter((a) => a.status === 'open').map((a) => a.id)), [alerts]);
  const selected = [...picked].filter((id) => openIds.has(id));
  const openLow = alerts.filter((a) => a.status === 'open' && a.severity === 'low').map((a) => a.id);
  const [bulkNote, setBulkNote] = useState('');
  const bulkIds = useRef<string[]>([]);
  const bulk = useAsyncAction(async () => {
    const r = await acknowledgeAll(bulkIds.current);
    setPicked(new Set());
    setBulkNote(t('ah.bulkDone', { ok: r.ok, failed: r.failed }));
  });
  const pick = (id: string, on: boolean) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section className={`alert-queue${compact ? ' compact' : ''}`} data-testid="alert-queue">
      <header className="panel-head">
        <h2>{t('alerts.title')}</h2>
        <span className="muted">{t('alerts.open', { n: openCount })}</span>
      </header>
      <AlertFilters filter={filter} onChange={setFilter} />
      {(selected.length > 0 || openLow.length > 0 || bulkNote) && (
        <div className="bulk-bar" data-testid="bulk-bar">
          {selected.length > 0 && (
            <button type="button" className="primary small" data-testid="ack-selected" disabled={bulk.busy} onClick={() => {
                bulkIds.current = selected;
                void bulk.run();
              }}>
              {t('ah.ackSelected', { n: selected.length })}
            </button>
          )}
          {openLow.length > 0 && (
            <button type="button" className="small" data-testid="ack-all-low" disabled={bulk.busy} onClick={() => {
                bulkIds.current = openLow;
                void bulk.run();
              }}>
              {t('ah.ackAllLow', { n: openLow.length })}
            </button>
          )}
          {bulkNote && <span className="muted" data-testid="bulk-result">{bulkNote}</span>}
          {bulk.error && <span className="form-error">{bulk.error}</span>}
        </div>
      )}
      {alerts.length === 0 ? (
        <p className="empty">{t('alerts.empty')}</p>
      ) : (
        <ul className="alert-list">
          {alerts.slice(0, 300).map((a) => (
            <AlertCard key={a.id} alert={a} now={now} selected={picked.has(a.id)} onSelect={a.status === 'open' ? (on) => pick(a.id, on) : undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}
