// Times as officers, drivers and yard staff read them, in both apps: the Asia/Taipei wall clock,
// ROC (民國) dates in Chinese ("114/03/05"), ISO-like dates in English ("2025-03-05").
import { toRocDate } from '../../src/core/ids/roc-date.ts';
import type { Lang } from './i18n.ts';

export const TIME_ZONE = 'Asia/Taipei';
type Instant = string | number | Date | null | undefined;

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const clockMinutes = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

function valid(value: Instant): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface ClockOptions {
  /** Show the seconds (default); a phone screen shows "14:03" instead. */
  seconds?: boolean;
}

/** "14:03:27" (or "14:03") in Taipei. */
export function formatClock(value: Instant, { seconds = true }: ClockOptions = {}): string {
  const d = valid(value);
  return d ? (seconds ? clock : clockMinutes).format(d) : '—';
}

/** "114/03/05" (zh-TW) or "2025-03-05" (en), the Taipei calendar day. */
export function formatDay(value: Instant, lang: Lang): string {
  const d = valid(value);
  if (!d) return '—';
  return lang === 'zh-TW' ? toRocDate(d) : isoDay.format(d);
}

/** "114/03/05 14:03:27" or "2025-03-05 14:03:27". */
export function formatDateTime(value: Instant, lang: Lang, options?: ClockOptions): string {
  const d = valid(value);
  return d ? `${formatDay(d, lang)} ${formatClock(d, options)}` : '—';
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
