// Times as officers read them: Asia/Taipei wall clock, ROC (民國) dates in Chinese, ISO-like in English.
import { toRocDate } from '../../../src/core/ids/roc-date.ts';
import type { Lang } from '../i18n/lang.ts';

const TZ = 'Asia/Taipei';
const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

function valid(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "14:03:27" in Taipei. */
export function formatClock(value: string | number | Date | null | undefined): string {
  const d = valid(value);
  return d ? clock.format(d) : '—';
}

/** "114/03/05" (zh-TW) or "2025-03-05" (en), the Taipei calendar day. */
export function formatDay(value: string | number | Date | null | undefined, lang: Lang): string {
  const d = valid(value);
  if (!d) return '—';
  return lang === 'zh-TW' ? toRocDate(d) : isoDay.format(d);
}

/** "114/03/05 14:03:27" or "2025-03-05 14:03:27". */
export function formatDateTime(value: string | number | Date | null | undefined, lang: Lang): string {
  const d = valid(value);
  return d ? `${formatDay(d, lang)} ${formatClock(d)}` : '—';
}

/** "4:05" or "1:02:03": a duration in seconds for countdowns and ages, always readable at a glance. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Start of today in Taipei, as an instant: "trips today" means the officers' day, not UTC's. */
export function startOfTaipeiDay(now = new Date()): Date {
  const day = isoDay.format(now);
  return new Date(`${day}T00:00:00+08:00`);
}
