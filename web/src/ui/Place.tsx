// Where an alert happened, in words: the facility it is in, "near" the closest one, or coordinates.
import { useReference } from '../api/reference.tsx';
import { useI18n } from '../i18n/index.tsx';
import { nearestFacility } from '../map/geo.ts';
import { localName } from '../format/names.ts';

export function Place({ lat, lon }: { lat: number | null; lon: number | null }) {
  const { lang } = useI18n();
  const { facilities } = useReference();
  if (lat === null || lon === null) return <span className="muted">—</span>;
  const near = nearestFacility([lon, lat], facilities);
  const coords = `${lat.toFixed(4)}, ${lon.toFixed(4)}`;
  if (!near) return <span title={coords}>{coords}</span>;
  const name = localName(near.facility.name, lang);
  if (near.distanceM === 0) return <span title={coords}>{name}</span>;
  const km = (near.distanceM / 1000).toFixed(1);
  return <span title={coords}>{lang === 'en' ? `${km} km from ${name}` : `${name}附近 ${km} 公里`}</span>;
}
