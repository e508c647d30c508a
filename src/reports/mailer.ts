// How scheduled reports and case reminders leave SealWatch: a small interface, so the platform's
// shared mailer can take its place. The default sends over SMTP with nodemailer (SMTP_URL,
// MAIL_FROM); with no SMTP_URL, mail is disabled and sending says so.
import nodemailer from 'nodemailer';
import { unavailable } from '../core/errors.ts';
import type { MailConfig } from '../config.ts';

export interface ReportMail {
  to: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface ReportMailer {
  send(mail: ReportMail): Promise<void>;
}

export function smtpMailer(config: MailConfig): ReportMailer {
  if (!config.smtpUrl) {
    return {
      async send() {
        throw unavailable('Mail is disabled: SMTP_URL is not set');
      },
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from: config.from, to: m.to, subject: m.subject, text: m.text, attachments: m.attachments });
    },
  };
}
