// Creates a MapLibre map in a div for the life of a component, once its style is ready.
import type { Map as MLMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useConfig } from '../api/config.tsx';
import { createMap } from './maplibre.ts';

export function useMapLibre(setup?: (map: MLMap) => void | (() => void)) {
  const ref = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MLMap | null>(null);
  const { mapStyleUrl } = useConfig();
  const setupRef = useRef(setup);
  useEffect(() => {
    if (!ref.current) return;
    const m = createMap(ref.current, mapStyleUrl);
    let cleanup: void | (() => void);
    m.once('load', () => {
      cleanup = setupRef.current?.(m);
      setMap(m);
    });
    return () => {
      cleanup?.();
      m.remove();
      setMap(null);
    };
  }, [mapStyleUrl]);
  return { ref, map };
}
