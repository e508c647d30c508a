// What the officer who opened an alert needs next: the seals it names, the driver (tap to call),
// the transport company and the yard with their contacts, where it happened on a small map, and
// the procedure for its type.
import { useEffect, useState } from 'react';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Alert } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { useMapLibre } from '../map/useMapLibre.ts';
import { Place } from '../ui/Place.tsx';
import { loadAlertContext, telHref, type AlertContext, type Contact } from './handling.ts';

function Phone({ phone }: { phone: string | null }) {
  const { t } = useI18n();
  if (!phone) return <span className="muted">{t('ah.noContact')}</span>;
  return (
    <a href={telHref(phone)} data-testid="tel">
      {phone}
    </a>
  );
}

function ContactLine({ c }: { c: Contact | null }) {
  if (!c) return <>—</>;
  return (
    <>
      {c.name}
      {c.contactName ? ` · ${c.contactName}` : ''} · <Phone phone={c.contactPhone} />
    </>
  );
}

function AlertMap({ lat, lon }: { lat: number; lon: number }) {
  const { ref, map } = useMapLibre((m) => {
    m.addSource('alert-at', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    m.addLayer({ id: 'alert-at', type: 'circle', source: 'alert-at', paint: { 'circle-radius': 8, 'circle-color': '#e74c3c', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  });
  useEffect(() => {
    if (!map) return;
    (map.getSource('alert-at') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }],
    });
    map.jumpTo({ center: [lon, lat], zoom: 12 });
  }, [map, lat, lon]);
  return (
    <div className="alert-map-wrap">
      <div ref={ref} className="map" data-testid="alert-map" data-ready={map ? '1' : '0'} />
    </div>
  );
}

export function AlertHandling({ alert }: { alert: Alert }) {
  const { t, lang } = useI18n();
  const [ctx, setCtx] = useState<AlertContext | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadAlertContext(alert.id)
      .then((c) => live && setCtx(c))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
    // The context follows the alert's detail: another seal of the same tampering may join it.
  }, [alert.id, alert.detail]);
  if (failed) return null;
  const steps = ctx ? ctx.procedure.steps[lang === 'en' ? 'en' : 'zh-TW'] : [];
  return (
    <div className="alert-handling" data-testid="alert-handling">
      <dl className="facts">
        <dt>{t('ah.place')}</dt>
        <dd data-testid="alert-place">
          <Place lat={alert.lat} lon={alert.lon} />
        </dd>
        {ctx && ctx.sealIds.length > 0 && (
          <>
            <dt>{t('ah.seals')}</dt>
            <dd data-testid="alert-seals">{ctx.sealIds.join(', ')}</dd>
          </>
        )}
        <dt>{t('ah.driver')}</dt>
        <dd data-testid="alert-driver">
          {ctx?.driver ? (
            <>
              {ctx.driver.name} ({ctx.driver.nationalId}) · <Phone phone={ctx.driver.phone} />
            </>
          ) : ctx ? '—' : t('ah.loading')}
        </dd>
        <dt>{t('ah.fleet')}</dt>
        <dd data-testid="alert-fleet">{ctx ? <ContactLine c={ctx.fleet} /> : t('ah.loading')}</dd>
        <dt>{t('ah.yard')}</dt>
        <dd data-testid="alert-yard">{ctx ? <ContactLine c={ctx.yard} /> : t('ah.loading')}</dd>
      </dl>
      {alert.lat !== null && alert.lon !== null && <AlertMap lat={alert.lat} lon={alert.lon} />}
      {ctx && (
        <section className="procedure" data-testid="alert-procedure">
          <h4>{t('ah.procedure')}</h4>
          <ol>
            {steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
