// The wall-screen view: every vehicle under way on the map (passive-seal trips point to point), the
// alert queue beside it.
import { useEffect, useRef } from 'react';
import { formatClock } from '../../shared/time.ts';
import { useReference } from '../api/reference.tsx';
import { AlertQueue } from '../alerts/AlertQueue.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useLiveVersion } from '../live/hooks.ts';
import { liveStore } from '../live/store.ts';
import { navigate } from '../router.ts';
import { VehicleListPanel } from '../fleet/VehicleListPanel.tsx';
import { Legend } from './Legend.tsx';
import { PassiveTripsLayer, type PlateLabeler } from './PassiveTripsLayer.ts';
import { addReferenceLayers, setReferenceData } from './referenceLayers.ts';
import { useMapLibre } from './useMapLibre.ts';
import { VehicleLayer } from './VehicleLayer.ts';

function VehicleCount() {
  const { t } = useI18n();
  useLiveVersion('trips');
  // Counted on trip changes, not on every position, so the label does not re-render 5,000 times a second.
  let n = 0;
  for (const v of liveStore.vehicles.values()) if ((liveStore.tripState(v.tripId) ?? 'in_transit') === 'in_transit') n++;
  return (
    <div className="map-count" data-testid="vehicle-count">
      {t('map.vehicles', { n })}
    </div>
  );
}

export function LiveMapPage() {
  const { facilities, routes } = useReference();
  const { lang, t } = useI18n();
  const facilitiesRef = useRef(facilities);
  facilitiesRef.current = facilities;
  const label: PlateLabeler = (plate, role, at) =>
    `${plate} · ${role === 'last' ? t('p2p.mapLast', { at: at ? formatClock(at, { seconds: false }) : '' }) : at ? t('p2p.mapNext', { at: formatClock(at, { seconds: false }) }) : t('p2p.next')}`;
  const labelRef = useRef(label);
  labelRef.current = label;
  const passive = useRef<PassiveTripsLayer | null>(null);
  const { ref, map } = useMapLibre((m) => {
    addReferenceLayers(m);
    const layer = new VehicleLayer(m, liveStore, {
      onVehicleClick: (tripId) => tripId && navigate({ name: 'trip', tripId }),
    });
    const trips = new PassiveTripsLayer(m, liveStore, () => facilitiesRef.current, (...a) => labelRef.current(...a), (tripId) => navigate({ name: 'trip', tripId }));
    passive.current = trips;
    Object.assign(window, { __swMap: m, __swVehicles: layer });
    return () => {
      layer.destroy();
      trips.destroy();
    };
  });
  useEffect(() => {
    if (map) setReferenceData(map, facilities, routes, undefined, lang);
    passive.current?.relabel((...a) => labelRef.current(...a));
  }, [map, facilities, routes, lang]);

  return (
    <div className="page page-map">
      <div className="map-wrap">
        <div ref={ref} className="map" data-testid="live-map" data-ready={map ? '1' : '0'} />
        <VehicleCount />
        <Legend />
        <VehicleListPanel map={map} />
      </div>
      <aside className="side-panel">
        <AlertQueue compact />
      </aside>
    </div>
  );
}
