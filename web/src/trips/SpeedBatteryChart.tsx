// Speed and battery along the replayed track, under the slider and synced with it: a cursor at
// the replay time, and a click on the chart moves the replay there.
import { useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { seriesPath, speedScale, type SeriesPoint } from './chartSeries.ts';
import { fixIndexAt, type TimedTrack } from './replay.ts';
import type { ReplayFix } from './replayEvents.ts';

const W = 600;
const H = 80;

function series(track: ReplayFix[], pick: (f: ReplayFix) => number | undefined): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const f of track) {
    const v = pick(f);
    const at = Date.parse(f.ts);
    if (typeof v === 'number' && Number.isFinite(v) && Number.isFinite(at)) out.push({ at, value: v });
  }
  return out;
}

export function SpeedBatteryChart({ track, tt, start, end, at, onAt }: { track: ReplayFix[]; tt: TimedTrack; start: number; end: number; at: number; onAt: (t: number) => void }) {
  const { t } = useI18n();
  const lines = useMemo(() => {
    const speed = series(track, (f) => f.speedKmh);
    const battery = series(track, (f) => f.battery);
    const seal = series(track, (f) => f.sealBattery);
    const top = speedScale(speed);
    return {
      top,
      speed: seriesPath(speed, start, end, top, W, H),
      battery: seriesPath(battery, start, end, 100, W, H),
      seal: seriesPath(seal, start, end, 100, W, H),
    };
  }, [track, start, end]);
  if (!lines.speed && !lines.battery && !lines.seal) return <p className="muted replay-chart-empty">{t('rp.noChart')}</p>;
  const x = end > start ? ((at - start) / (end - start)) * W : 0;
  // The values shown are those of the fix the replay last passed (fixes are the data, not the tween).
  const fix = track[Math.max(0, fixIndexAt(tt, at))];
  return (
    <div className="replay-chart" data-testid="replay-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('rp.chart')}
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          if (box.width > 0) onAt(Math.round(start + ((e.clientX - box.left) / box.width) * (end - start)));
        }}
      >
        {lines.speed && <path d={lines.speed} className="line-speed" data-testid="chart-speed" vectorEffect="non-scaling-stroke" />}
        {lines.battery && <path d={lines.battery} className="line-battery" data-testid="chart-battery" vectorEffect="non-scaling-stroke" />}
        {lines.seal && <path d={lines.seal} className="line-seal" data-testid="chart-seal-battery" vectorEffect="non-scaling-stroke" />}
        <line x1={x} x2={x} y1={0} y2={H} className="chart-cursor" data-testid="chart-cursor" data-x={(x / W).toFixed(4)} vectorEffect="non-scaling-stroke" />
      </svg>
      <div className="chart-legend" data-testid="chart-readout">
        <span className="key-speed">
          {t('rp.speed')} {fix?.speedKmh ?? '—'} <small className="muted">/ {lines.top}</small>
        </span>
        <span className="key-battery">
          {t('rp.battery')} <b data-testid="readout-battery">{fix?.battery ?? '—'}</b>
        </span>
        <span className="key-seal">
          {t('rp.sealBattery')} <b data-testid="readout-seal-battery">{fix?.sealBattery ?? '—'}</b>
        </span>
      </div>
    </div>
  );
}
