// How scheduled reports and case reminders leave SealWatch: through the platform's mailer
// (src/notifications/mailer.ts, SMTP_URL and MAIL_FROM); kept behind this small interface so that
// reports need nothing else of it. With no SMTP_URL, mail is disabled and sending says so.
import { createMailer, type Mailer } from '../notifications/mailer.ts';
import type { MailConfig } from '../notifications/config.ts';

export interface ReportMail {
  to: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface ReportMailer {
  send(mail: ReportMail): Promise<void>;
}

export function reportMailer(mailer: Mailer): ReportMailer {
  return {
    async send(m) {
      await mailer.send({ to: m.to, subject: m.subject, text: m.text, attachments: m.attachments });
    },
  };
}

export function smtpMailer(config: MailConfig): ReportMailer {
  return reportMailer(createMailer(config));
}
