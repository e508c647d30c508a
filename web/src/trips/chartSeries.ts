// The lines of the speed and battery chart as SVG path data: one value per fix, placed by time
// between the slider's ends, thinned to at most one point per horizontal unit so a long trip draws
// in a few hundred segments.
export interface SeriesPoint {
  at: number;
  value: number;
}

/** "M x y L x y …" in a w×h box, `max` at the top; null when fewer than one point. */
export function seriesPath(points: SeriesPoint[], start: number, end: number, max: number, w: number, h: number): string | null {
  if (points.length === 0 || !(end > start) || !(max > 0)) return null;
  const out: string[] = [];
  let lastX = -1;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const x = ((p.at - start) / (end - start)) * w;
    // Keep the last point of each unit column (and always the final point).
    if (Math.floor(x) === lastX && i !== points.length - 1) continue;
    lastX = Math.floor(x);
    const y = h - (Math.min(max, Math.max(0, p.value)) / max) * h;
    out.push(`${out.length ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`);
  }
  return out.join(' ');
}

/** A round top for the speed axis: the next multiple of 20 km/h above the fastest fix. */
export function speedScale(points: SeriesPoint[]): number {
  const top = points.reduce((m, p) => Math.max(m, p.value), 0);
  return Math.max(20, Math.ceil(top / 20) * 20);
}
