// The operations services of one platform, made once and kept in ctx.services.operations: report
// jobs and the mailer of scheduled reports and case reminders (the platform's mailer when the
// notifications have made one, else one of its own over the same SMTP settings).
import type { Platform } from '../platform.ts';
import { ReportJobs } from './jobs.ts';
import { reportMailer, smtpMailer, type ReportMailer } from './mailer.ts';

export interface OperationsServices {
  jobs: ReportJobs;
  mailer: ReportMailer;
}

/**
 * Months a report job computes per query: PGlite runs in the server's thread, so a month at a
 * time keeps the event loop free between them; PostgreSQL computes a quarter while the server waits.
 */
export const monthsPerQueryFor = (kind: 'pglite' | 'postgres'): number => (kind === 'postgres' ? 3 : 1);

export function operationsServices(ctx: Platform): OperationsServices {
  if (ctx.services.operations) return ctx.services.operations;
  const services: OperationsServices = { jobs: new ReportJobs(ctx.db, monthsPerQueryFor(ctx.db.kind)), mailer: ctx.services.mailer ? reportMailer(ctx.services.mailer) : smtpMailer(ctx.config.mail) };
  ctx.services.operations = services;
  return services;
}
