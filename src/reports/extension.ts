// Once a minute: mail the scheduled reports that are due, remind of case deadlines (to the
// addresses of OPS_REMINDER_TO, else logged), and hand the monitoring centre's night tickets to
// the service desk when it opens.
import { dueReminders } from '../cases/service.ts';
import { handOverToDesk } from '../desk/tickets.ts';
import type { Platform, ServerExtension } from '../platform.ts';
import { runDueSchedules } from './schedules.ts';
import { operationsServices } from './services.ts';

export async function operationsTick(ctx: Platform, now = Date.now()): Promise<void> {
  const { mailer } = operationsServices(ctx);
  await runDueSchedules(ctx.db, mailer, now);
  const reminders = await dueReminders(ctx.db, now);
  if (reminders.length) {
    ctx.log?.warn({ cases: reminders }, 'case sanction deadlines approaching');
    const to = ctx.config.opsReminderTo;
    if (to.length) {
      await mailer
        .send({
          to,
          subject: `SealWatch 違規案件裁處期限提醒 (${reminders.length})`,
          text: reminders.map((r) => `${r.id} ${r.title}: ${r.sanctionDeadline} (${r.daysLeft} days)`).join('\n'),
        })
        .catch((err) => ctx.log?.warn({ err }, 'case reminder mail failed'));
    }
  }
  await handOverToDesk(ctx.db, now);
}

export function operationsExtension(): ServerExtension {
  let timer: NodeJS.Timeout | null = null;
  return {
    name: 'operations',
    async afterListen(ctx) {
      timer = setInterval(() => {
        operationsTick(ctx).catch((err) => ctx.log?.error({ err }, 'operations tick failed'));
      }, 60_000);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
    },
  };
}
