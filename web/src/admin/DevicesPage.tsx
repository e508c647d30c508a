// OBUs and e-seals with their health: what each is installed on or paired with, its trip, when it
// last reported, its battery, seal state and link, from the live monitoring engine.
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { hrefFor } from '../router.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useList } from './useList.ts';

interface DeviceHealth {
  id: string;
  kind: string;
  plate: string | null;
  obuId: string | null;
  ownerUbn: string | null;
  battery: number | null;
  sealState: string | null;
  link: string | null;
  lastReportAt: string | null;
  tripId: string | null;
}

const LOW_BATTERY = 20;

export function DevicesPage() {
  const { t, td, lang } = useI18n();
  const devices = useList<DeviceHealth>('/devices/health');
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const needle = q.trim().toUpperCase();
    const list = devices.items ?? [];
    if (!needle) return list;
    return list.filter((d) => [d.id, d.plate, d.obuId, d.ownerUbn, d.tripId].some((v) => v?.toUpperCase().includes(needle)));
  }, [devices.items, q]);

  return (
    <div className="page page-admin" data-testid="devices-page">
      <div className="panel-head">
        <h2>{t('devices.title')}</h2>
        {devices.items && <span className="muted">{t('devices.count', { n: shown.length })}</span>}
        <input className="search" type="search" placeholder={t('devices.filter')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="device-filter" />
        <button type="button" className="small" onClick={devices.reload}>
          {t('admin.reload')}
        </button>
      </div>
      {devices.error && <p className="form-error" role="alert">{devices.error}</p>}
      {devices.items === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="empty">{t('devices.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr>
                <th>{t('devices.id')}</th>
                <th>{t('devices.kind')}</th>
                <th>{t('devices.owner')}</th>
                <th>{t('devices.assignment')}</th>
                <th>{t('devices.trip')}</th>
                <th>{t('devices.lastSeen')}</th>
                <th>{t('devices.battery')}</th>
                <th>{t('devices.state')}</th>
                <th>{t('devices.link')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.id} data-testid="device-row" data-device={d.id}>
                  <td className="mono" translate="no">{d.id}</td>
                  <td>{td('devices.kind', d.kind)}</td>
                  <td className="mono" translate="no">{d.ownerUbn ?? '—'}</td>
                  <td>
                    {d.kind === 'obu' && d.plate ? (
                      <span translate="no">{t('devices.onVehicle', { plate: d.plate })}</span>
                    ) : d.obuId ? (
                      <span translate="no">{t('devices.pairedWith', { obu: d.obuId })}</span>
                    ) : (
                      <span className="muted">{t('devices.unassigned')}</span>
                    )}
                  </td>
                  <td>
                    {d.tripId ? (
                      <a href={hrefFor({ name: 'trip', tripId: d.tripId })} className="mono" translate="no">
                        {d.tripId}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-testid="device-last-seen">{d.lastReportAt ? formatDateTime(d.lastReportAt, lang) : <span className="muted">{t('devices.never')}</span>}</td>
                  <td data-testid="device-battery">
                    {d.battery === null ? (
                      '—'
                    ) : (
                      <span className={`status-pill ${d.battery < LOW_BATTERY ? 'bad' : 'ok'}`} title={d.battery < LOW_BATTERY ? t('devices.lowBattery') : undefined}>
                        {Math.round(d.battery)}%
                      </span>
                    )}
                  </td>
                  <td>{d.sealState ? td('sealState', d.sealState) : '—'}</td>
                  <td>{d.link ? td('devices.link', d.link) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
