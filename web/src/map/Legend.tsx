// What the colours on the live map mean.
import { SEVERITIES } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { SEVERITY_COLORS, TRIP_STATE_COLORS } from './colors.ts';

const SHOWN_STATES = ['sealed', 'confirmed', 'in_transit', 'arrived'] as const;

export function Legend() {
  const { t, td } = useI18n();
  return (
    <div className="map-legend">
      <strong>{t('map.legend')}</strong>
      <ul>
        {SHOWN_STATES.map((s) => (
          <li key={s}>
            <span className="swatch" style={{ background: TRIP_STATE_COLORS[s] }} />
            {td('tripState', s)}
          </li>
        ))}
      </ul>
      <strong>{t('map.worstAlert')}</strong>
      <ul>
        {SEVERITIES.map((s) => (
          <li key={s}>
            <span className="swatch ring" style={{ borderColor: SEVERITY_COLORS[s] }} />
            {td('severity', s)}
          </li>
        ))}
      </ul>
    </div>
  );
}
