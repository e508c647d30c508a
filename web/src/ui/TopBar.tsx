// Navigation, feed status, open-alert count, the Taipei clock, language, one's password, push
// notifications and logout.
import { useEffect, useRef, useState } from 'react';
import { has } from '../api/capabilities.ts';
import { hrefFor, type View } from '../router.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useLiveVersion } from '../live/hooks.ts';
import { liveStore } from '../live/store.ts';
import { useSession } from '../session/session.tsx';
import { Clock } from './Clock.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PushToggle } from './PushToggle.tsx';
import { isManager } from '../users/manage.ts';
import { PasswordDialog } from '../users/PasswordDialog.tsx';

type Tab = { view: View; label: MessageKey };
type Group = { id: string; label: MessageKey; tabs: Tab[] };

const TOP: Tab[] = [
  { view: { name: 'map' }, label: 'nav.map' },
  { view: { name: 'alerts' }, label: 'nav.alerts' },
  { view: { name: 'search', q: '' }, label: 'nav.search' },
];

/** Whether a tab is there for this person on this server. */
function offered(view: View, roles: readonly string[]): boolean {
  const customs = roles.some((r) => r === 'customs_admin' || r === 'customs_officer');
  const admin = roles.includes('customs_admin');
  switch (view.name) {
    case 'reports':
      return has('/reports/{}');
    case 'cases':
      return has('/cases');
    case 'desk':
      return has('/tickets');
    case 'exceptions':
      return customs && has('/movements/exceptions');
    case 'lanes':
      return customs && has('/lanes');
    case 'traffic':
      return has('/traffic');
    case 'risk':
      return customs && has('/risk/declarations');
    case 'portal':
      return customs && has('/portal/applications/{}/decision');
    case 'users':
      return (customs || isManager({ roles: roles as never })) && has('/users');
    case 'apiKeys':
      return admin && has('/api-keys');
    case 'devices':
      return customs && has('/devices/health');
    case 'webhooks':
      return customs && has('/webhooks');
    case 'audit':
      return customs && has('/audit');
    default:
      return true;
  }
}

/** The fourteen-odd views, grouped so that the bar fits: the management pages under one menu. */
const GROUPS: Group[] = [
  {
    id: 'analysis',
    label: 'nav.group.analysis',
    tabs: [
      { view: { name: 'overview' }, label: 'nav.overview' },
      { view: { name: 'reports' }, label: 'nav.reports' },
      { view: { name: 'risk' }, label: 'nav.risk' },
    ],
  },
  {
    id: 'movements',
    label: 'nav.group.movements',
    tabs: [
      { view: { name: 'exceptions' }, label: 'nav.exceptions' },
      { view: { name: 'lanes' }, label: 'nav.lanes' },
      { view: { name: 'traffic' }, label: 'nav.traffic' },
    ],
  },
  {
    id: 'operations',
    label: 'nav.group.operations',
    tabs: [
      { view: { name: 'cases' }, label: 'nav.cases' },
      { view: { name: 'desk' }, label: 'nav.desk' },
      { view: { name: 'portal' }, label: 'nav.portal' },
    ],
  },
  {
    id: 'admin',
    label: 'nav.group.admin',
    tabs: [
      { view: { name: 'reference', tab: 'facilities' }, label: 'nav.reference' },
      { view: { name: 'users' }, label: 'nav.users' },
      { view: { name: 'apiKeys' }, label: 'nav.apiKeys' },
      { view: { name: 'devices' }, label: 'nav.devices' },
      { view: { name: 'webhooks' }, label: 'nav.webhooks' },
      { view: { name: 'audit' }, label: 'nav.audit' },
    ],
  },
];

/** The tab a view belongs to (a trip is on the map, a container among the exceptions). */
function isActive(current: View, tab: View): boolean {
  if (current.name === 'trip') return tab.name === 'map';
  if (current.name === 'container') return tab.name === 'exceptions';
  return current.name === tab.name;
}

function TabLink({ tab, view, group }: { tab: Tab; view: View; group?: string }) {
  const { t } = useI18n();
  return (
    <a
      href={hrefFor(tab.view)}
      className={isActive(view, tab.view) ? 'active' : ''}
      data-testid={`nav-${tab.view.name}`}
      data-group={group}
      role={group ? 'menuitem' : undefined}
    >
      {t(tab.label)}
      {tab.view.name === 'alerts' && <OpenAlertBadge />}
    </a>
  );
}

/** A menu of tabs: opens on a click, closes on the next click anywhere (a choice included). */
function NavGroup({ group, tabs, view }: { group: Group; tabs: Tab[]; view: View }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e.type === 'keydown' && (e as KeyboardEvent).key !== 'Escape') return;
      if (e.type === 'pointerdown' && ref.current?.contains(e.target as Node)) return;
      setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    window.addEventListener('hashchange', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
      window.removeEventListener('hashchange', close);
    };
  }, [open]);
  const active = tabs.find((tab) => isActive(view, tab.view));
  return (
    <div className={`nav-group${open ? ' open' : ''}`} ref={ref} data-views={tabs.map((tab) => tab.view.name).join(' ')}>
      <button
        type="button"
        className={active ? 'active' : ''}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={`nav-group-${group.id}`}
        onClick={() => setOpen((o) => !o)}
      >
        {t(group.label)}
        {active && <span className="nav-group-current">：{t(active.label)}</span>}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="nav-menu" role="menu">
          {tabs.map((tab) => (
            <TabLink key={tab.label} tab={tab} view={view} group={group.id} />
          ))}
        </div>
      )}
    </div>
  );
}

/** "Change my password": a dialog, then a short notice that the other sessions have ended. */
function ChangePassword() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setDone(false), 6000);
    return () => clearTimeout(timer);
  }, [done]);
  return (
    <>
      <button type="button" className="ghost" data-testid="change-password" onClick={() => setOpen(true)}>
        {t('nav.changePassword')}
      </button>
      {done && <span className="notice" role="status">{t('password.changed')}</span>}
      {open && (
        <PasswordDialog
          target={{ kind: 'own' }}
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            setDone(true);
          }}
        />
      )}
    </>
  );
}

function StreamStatus() {
  const { t } = useI18n();
  useLiveVersion('status');
  const s = liveStore.status;
  return (
    <span className={`stream-status stream-${s}`} data-testid="stream-status" data-status={s}>
      <span className="dot" />
      {t(s === 'live' ? 'stream.live' : s === 'connecting' ? 'stream.connecting' : 'stream.offline')}
    </span>
  );
}

function OpenAlertBadge() {
  useLiveVersion('alerts');
  let open = 0;
  for (const a of liveStore.alerts.values()) if (a.status === 'open') open++;
  return open > 0 ? <span className="badge badge-alert" data-testid="open-alert-count">{open}</span> : null;
}

export function TopBar({ view }: { view: View }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const roles = user?.roles ?? [];
  const groups = GROUPS.map((g) => ({ group: g, tabs: g.tabs.filter((tab) => offered(tab.view, roles)) })).filter((g) => g.tabs.length > 0);
  return (
    <header className="topbar">
      <a className="brand" href="#/map">
        <span className="brand-mark">SW</span>
        <span className="brand-title">{t('app.title')}</span>
      </a>
      <nav className="tabs">
        {TOP.map((tab) => (
          <TabLink key={tab.label} tab={tab} view={view} />
        ))}
        {groups.map(({ group, tabs }) =>
          tabs.length === 1 ? <TabLink key={group.id} tab={tabs[0]} view={view} /> : <NavGroup key={group.id} group={group} tabs={tabs} view={view} />,
        )}
      </nav>
      <div className="topbar-right">
        <StreamStatus />
        <Clock />
        <span className="user">{user?.name}</span>
        {user && has('/auth/password') && <ChangePassword />}
        <PushToggle />
        <LanguageSwitch />
        <button type="button" className="ghost" onClick={() => void logout()}>
          {t('nav.logout')}
        </button>
      </div>
    </header>
  );
}
