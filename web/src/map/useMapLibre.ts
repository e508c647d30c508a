// Creates a MapLibre map in a div for the life of a component, once its style is ready, with the
// base map switch in the words of the console's language.
import type { Map as MLMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useConfig } from '../api/config.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { BasemapControl, BasemapLabels } from './BasemapControl.ts';
import { createMap } from './maplibre.ts';

export function useMapLibre(setup?: (map: MLMap) => void | (() => void)) {
  const ref = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MLMap | null>(null);
  const { mapStyleUrl, offlineTilesUrl } = useConfig();
  const { t } = useI18n();
  const labels: BasemapLabels = {
    title: t('basemap.title'),
    coastline: t('basemap.coastline'),
    emap: t('basemap.emap'),
    style: t('basemap.style'),
    streets: t('basemap.streets'),
  };
  const labelsRef = useRef(labels);
  labelsRef.current = labels;
  const control = useRef<BasemapControl | null>(null);
  const setupRef = useRef(setup);
  useEffect(() => {
    if (!ref.current) return;
    const { map: m, basemap } = createMap(ref.current, { mapStyleUrl, offlineTilesUrl }, labelsRef.current);
    control.current = basemap;
    let cleanup: void | (() => void);
    m.once('load', () => {
      cleanup = setupRef.current?.(m);
      setMap(m);
    });
    return () => {
      cleanup?.();
      m.remove();
      control.current = null;
      setMap(null);
    };
  }, [mapStyleUrl, offlineTilesUrl]);
  const labelKey = JSON.stringify(labels);
  useEffect(() => control.current?.setLabels(labelsRef.current), [labelKey]);
  return { ref, map };
}
