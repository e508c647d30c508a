// Settings of mail and notifications, from the environment (read by loadConfig in src/config.ts,
// which hands them to the platform as config.mail and config.notifications):
//   SMTP_URL            smtp(s)://user:pass@host:port of the outgoing mail server; unset: no mail
//   MAIL_FROM           the sender of every mail (default "SealWatch <no-reply@sealwatch.invalid>")
//   VAPID_PUBLIC_KEY,   the Web Push (VAPID) key pair, base64url as `web-push generate-vapid-keys`
//   VAPID_PRIVATE_KEY   prints them; unset: generated once and kept in DATA_DIR/secrets/vapid.json
//   VAPID_SUBJECT       a mailto: or https: contact for push services (default mailto: MAIL_FROM)
//   NOTIFY_IMMEDIATE    messages a person gets at once per channel and window (default 3)
//   NOTIFY_DIGEST_WINDOW_S  the window: past the immediate ones, one digest per window (default 300)
export interface MailConfig {
  /** SMTP_URL; unset, mail is disabled. */
  smtpUrl?: string;
  /** MAIL_FROM */
  from: string;
}

export interface NotificationsConfig {
  /** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, both or neither. */
  vapid?: { publicKey: string; privateKey: string };
  /** VAPID_SUBJECT */
  vapidSubject: string;
  /** NOTIFY_IMMEDIATE: sent one by one per person, channel and window before a digest takes over. */
  immediatePerWindow: number;
  /** NOTIFY_DIGEST_WINDOW_S, in milliseconds. */
  digestWindowMs: number;
}

export const DEFAULT_MAIL_FROM = 'SealWatch <no-reply@sealwatch.invalid>';
export const DEFAULT_IMMEDIATE = 3;
export const DEFAULT_DIGEST_WINDOW_S = 300;

function wholeNumber(v: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number ${min}..${max}, got "${v}"`);
  return n;
}

export function mailConfigFromEnv(env: NodeJS.ProcessEnv): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl) {
    let url: URL;
    try {
      url = new URL(smtpUrl);
    } catch {
      throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must be an smtp:// or smtps:// URL, got "${url.protocol}"`);
  }
  const from = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  if (!/@[^@\s>]+>?$/.test(from)) throw new Error(`MAIL_FROM must be an address ("name <a@b>" or "a@b"), got "${from}"`);
  return { smtpUrl, from };
}

/** The bare address of "Name <a@b>" or "a@b". */
export const addressOf = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function notificationsConfigFromEnv(env: NodeJS.ProcessEnv, mail: MailConfig): NotificationsConfig {
  const publicKey = env.VAPID_PUBLIC_KEY?.trim() || undefined;
  const privateKey = env.VAPID_PRIVATE_KEY?.trim() || undefined;
  if (!!publicKey !== !!privateKey) throw new Error('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together');
  // web-push's own checks: a 65-byte uncompressed P-256 point and a 32-byte private key.
  if (publicKey && (!BASE64URL.test(publicKey) || Buffer.from(publicKey, 'base64url').length !== 65)) {
    throw new Error('VAPID_PUBLIC_KEY must be a base64url P-256 public key of 65 bytes');
  }
  if (privateKey && (!BASE64URL.test(privateKey) || Buffer.from(privateKey, 'base64url').length !== 32)) {
    throw new Error('VAPID_PRIVATE_KEY must be a base64url P-256 private key of 32 bytes');
  }
  const subject = env.VAPID_SUBJECT?.trim() || `mailto:${addressOf(mail.from)}`;
  if (!/^(mailto:\S+@\S+|https:\/\/\S+)$/.test(subject)) throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, got "${subject}"`);
  return {
    vapid: publicKey && privateKey ? { publicKey, privateKey } : undefined,
    vapidSubject: subject,
    immediatePerWindow: wholeNumber(env.NOTIFY_IMMEDIATE, DEFAULT_IMMEDIATE, 0, 100, 'NOTIFY_IMMEDIATE'),
    digestWindowMs: wholeNumber(env.NOTIFY_DIGEST_WINDOW_S, DEFAULT_DIGEST_WINDOW_S, 10, 86_400, 'NOTIFY_DIGEST_WINDOW_S') * 1000,
  };
}
