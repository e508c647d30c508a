// What a person reads: a message of one item, or a digest of several, in Traditional Chinese with
// English below it, times in Asia/Taipei. Mail gets a subject and text; push a short title and body.
import type { AlertType, Severity } from '../core/types.ts';
import type { NotificationEvent } from './events.ts';

const ALERT_NAMES: Record<AlertType, [string, string]> = {
  seal_tamper: ['封條異常', 'Seal tampering'],
  route_deviation: ['偏移路線', 'Route deviation'],
  inspection_evasion: ['逃避儀檢', 'Inspection evasion'],
  overdue: ['逾時進站', 'Overdue arrival'],
  abnormal_stop: ['異常停留', 'Abnormal stop'],
  unauthorized_facility: ['進入未許可場所', 'Unauthorised facility'],
  signal_lost: ['訊號中斷', 'Signal lost'],
  seal_link_lost: ['封條連線中斷', 'Seal link lost'],
  low_battery: ['電量不足', 'Low battery'],
  departed_unconfirmed: ['未確認即離站', 'Departed unconfirmed'],
  gate_mismatch: ['門哨比對不符', 'Gate mismatch'],
  departed_unsealed: ['未施封即離站', 'Departed unsealed'],
  seal_mismatch: ['封條號碼不符', 'Seal mismatch'],
  seal_read_elsewhere: ['封條於他處讀取', 'Seal read elsewhere'],
  gate_out_unreleased: ['未放行即出站', 'Gate-out unreleased'],
  gate_out_without_cn: ['無運送單出站', 'Gate-out without CN'],
  loaded_unreleased: ['未放行即裝船', 'Loaded unreleased'],
  container_conflict: ['貨櫃位置矛盾', 'Container conflict'],
  cn_not_started: ['運送單逾時未啟運', 'CN not started'],
};
const SEVERITY_NAMES: Record<Severity, [string, string]> = {
  critical: ['重大', 'Critical'],
  high: ['高', 'High'],
  medium: ['中', 'Medium'],
  low: ['低', 'Low'],
};
const DECISIONS: Record<string, [string, string]> = {
  approved: ['核准', 'approved'],
  rejected: ['駁回', 'rejected'],
  returned: ['退回補正', 'returned for correction'],
};

const name = <K extends string>(table: Record<K, [string, string]>, key: K): [string, string] => table[key] ?? [key, key];

/** Asia/Taipei wall-clock time (UTC+8 all year, no daylight saving), e.g. "2026-12-07 09:00:00 (UTC+8)". */
export const taipeiTime = (iso: string) => `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (UTC+8)`;

export interface Rendered {
  /** Mail subject, push title. */
  title: string;
  /** One line: push body, digest line. */
  line: string;
  /** Mail body. */
  text: string;
}

export function render(e: NotificationEvent): Rendered {
  const when = taipeiTime(e.at);
  switch (e.kind) {
    case 'alert': {
      const a = e.alert;
      const [typeZh, typeEn] = name(ALERT_NAMES, a.alertType);
      const [sevZh, sevEn] = name(SEVERITY_NAMES, a.severity);
      const where = a.lat !== null && a.lon !== null ? `${a.lat.toFixed(5)}, ${a.lon.toFixed(5)}` : '-';
      return {
        title: `【${sevZh}】${typeZh} ${a.plate} / ${sevEn}: ${typeEn}`,
        line: `${when} ${sevZh} ${typeZh} ${a.plate}${a.cnNos.length ? ` (${a.cnNos.join(', ')})` : ''}`,
        text: [
          `警示 ${typeZh}（${sevZh}）`,
          `車牌：${a.plate}`,
          `運送單：${a.cnNos.join(', ') || '-'}`,
          `時間：${when}`,
          `位置：${where}`,
          `警示編號：${a.alertId}`,
          '',
          `Alert: ${typeEn} (${sevEn}), vehicle ${a.plate}, CN ${a.cnNos.join(', ') || '-'}, at ${e.at}, position ${where}, alert ${a.alertId}.`,
        ].join('\n'),
      };
    }
    case 'application_decided': {
      const [zh, en] = name(DECISIONS, e.decision);
      const what = e.title ?? e.applicationType;
      return {
        title: `申請${zh}：${what} / Application ${en}`,
        line: `${when} 申請 ${what} ${zh}`,
        text: [
          `您的申請「${what}」已${zh}。`,
          `申請編號：${e.applicationId}`,
          `時間：${when}`,
          ...(e.note ? [`審查意見：${e.note}`] : []),
          '',
          `Your application "${what}" (${e.applicationId}) was ${en} at ${e.at}.${e.note ? ` Note: ${e.note}` : ''}`,
        ].join('\n'),
      };
    }
    case 'declaration_changed':
      return {
        title: `報單 ${e.declarationNo} 狀態：${e.status} / Declaration ${e.declarationNo}: ${e.status}`,
        line: `${when} 報單 ${e.declarationNo} ${e.status}${e.summary ? ` ${e.summary}` : ''}`,
        text: [
          `報單 ${e.declarationNo} 狀態變更為 ${e.status}。`,
          ...(e.summary ? [e.summary] : []),
          ...(e.containerNos?.length ? [`貨櫃：${e.containerNos.join(', ')}`] : []),
          `時間：${when}`,
          '',
          `Declaration ${e.declarationNo} is now ${e.status} (${e.at}).`,
        ].join('\n'),
      };
  }
}

/** Lines a digest lists one by one; the rest are counted. */
const DIGEST_LINES = 50;

export function renderDigest(events: NotificationEvent[]): Rendered {
  const n = events.length;
  const alerts = events.filter((e) => e.kind === 'alert').length;
  const critical = events.filter((e) => e.kind === 'alert' && e.alert.severity === 'critical').length;
  const summaryZh = `${n} 則通知${alerts ? `（警示 ${alerts} 則，重大 ${critical} 則）` : ''}`;
  const summaryEn = `${n} notifications${alerts ? ` (${alerts} alerts, ${critical} critical)` : ''}`;
  const lines = events.slice(0, DIGEST_LINES).map((e) => `- ${render(e).line}`);
  if (n > DIGEST_LINES) lines.push(`…另有 ${n - DIGEST_LINES} 則 / and ${n - DIGEST_LINES} more`);
  return {
    title: `SealWatch 彙整：${summaryZh} / Digest: ${summaryEn}`,
    line: summaryZh,
    text: [`以下通知已彙整寄送，以免大量訊息。`, `These notifications were gathered into one message.`, '', ...lines].join('\n'),
  };
}
