// Browser tests of the portal (/portal/): the platform and Chromium of the console's harness
// (test/web/harness.ts), one trade company (a yard, a fleet, a trader and a supplier at once) with
// a person per role, the sample stations and routes, and a phone-sized page that logs in.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cannotRun as consoleCannotRun, loadSampleReference, startHarness, type Harness, type WatchedPage } from '../web/harness.ts';

export const UBN = '12345681';
export const PASSWORD = 'correct horse battery';
export const PEOPLE = {
  yard: { username: 'yard.wang', roles: ['yard_operator'] },
  fleet: { username: 'fleet.chen', roles: ['fleet_operator'] },
  trader: { username: 'trader.lin', roles: ['trader'] },
  supplier: { username: 'supplier.huang', roles: ['supplier'] },
} as const;

export function cannotRun(): string | null {
  return consoleCannotRun() ?? (existsSync(resolve('dist/portal/index.html')) ? null : 'dist/portal is not built (npm run build:web)');
}

export async function startPortal(): Promise<Harness> {
  const h = await startHarness();
  await h.api('POST', '/companies', { ubn: UBN, name: '長榮物流股份有限公司', roles: ['yard', 'fleet', 'trader', 'supplier'] });
  for (const p of Object.values(PEOPLE)) {
    await h.api('POST', '/users', { username: p.username, name: p.username, companyUbn: UBN, roles: p.roles, password: PASSWORD });
  }
  await loadSampleReference(h);
  return h;
}

/** A phone-sized page of the portal, logged in as `username` (or not at all). */
export async function portalPage(h: Harness, username?: string): Promise<WatchedPage> {
  const w = await h.newPage();
  await w.page.setViewportSize({ width: 390, height: 844 });
  w.problems.allow(401, '/api/v1/auth/me'); // the public home asks who is logged in: nobody yet
  await w.page.goto(`${h.base}/portal/#/home`);
  await w.page.waitForSelector('[data-testid=home]');
  if (username) {
    await w.page.click('[data-testid=nav-login]');
    await w.page.fill('input[name=username]', username);
    await w.page.fill('input[name=password]', PASSWORD);
    await w.page.click('button[type=submit]');
    await w.page.waitForSelector('[data-testid=logout]');
  }
  return w;
}
