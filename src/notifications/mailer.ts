// Outgoing mail over SMTP (nodemailer), for notifications and for any part of SealWatch that mails
// people (account invitations, scheduled reports). One transport per process, pooled; with no
// SMTP_URL the mailer is disabled and says so rather than dropping mail silently.
import nodemailer, { type Transporter } from 'nodemailer';
import { unavailable, invalidField } from '../core/errors.ts';
import type { MailConfig } from './config.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface MailMessage {
  /** One address, or several (each gets the same mail; they see each other, so prefer one). */
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** False when SMTP_URL is unset: send() then throws `unavailable`. */
  readonly enabled: boolean;
  /** Hands the message to the SMTP server; resolves once it accepted it (its message id). Throws on refusal. */
  send(message: MailMessage): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

/** A plain address check: one @, no spaces or angle brackets; the SMTP server has the last word. */
export const EMAIL_PATTERN = '^[^\\s@<>,;]+@[^\\s@<>,;]+\\.[^\\s@<>,;]+$';
const EMAIL = new RegExp(EMAIL_PATTERN);
export const isEmailAddress = (s: string) => s.length <= 254 && EMAIL.test(s);

export function createMailer(config: MailConfig): Mailer {
  if (!config.smtpUrl) {
    return {
      enabled: false,
      async send() {
        throw unavailable('Mail is not configured (SMTP_URL is unset)');
      },
      close() {},
    };
  }
  let transport: Transporter | null = null;
  const transporter = () =>
    (transport ??= nodemailer.createTransport({
      url: config.smtpUrl!,
      // Mail must not hold a worker for long: a server that does not answer is retried later.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    }));
  return {
    enabled: true,
    async send(m) {
      const to = Array.isArray(m.to) ? m.to : [m.to];
      to.forEach((a, i) => {
        if (!isEmailAddress(a)) throw invalidField(`/to/${i}`, 'is not an e-mail address', 'string.format', { format: 'email' });
      });
      const info = await transporter().sendMail({
        from: config.from,
        to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        attachments: m.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
      return { messageId: info.messageId, accepted: (info.accepted ?? []).map(String) };
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}
