// Navigation, feed status, open-alert count, the Taipei clock, language, one's password, push
// notifications and logout.
import { useEffect, useState } from 'react';
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

const TABS: { view: View; label: MessageKey }[] = [
  { view: { name: 'map' }, label: 'nav.map' },
  { view: { name: 'alerts' }, label: 'nav.alerts' },
  { view: { name: 'search', q: '' }, label: 'nav.search' },
  { view: { name: 'overview' }, label: 'nav.overview' },
  { view: { name: 'reference', tab: 'facilities' }, label: 'nav.reference' },
];

/** The operations views, where the server offers them. */
const OPS_TABS: { view: View; label: MessageKey; path: string }[] = [
  { view: { name: 'reports' }, label: 'nav.reports', path: '/reports/{}' },
  { view: { name: 'cases' }, label: 'nav.cases', path: '/cases' },
  { view: { name: 'desk' }, label: 'nav.desk', path: '/tickets' },
];

/** Container movements and lanes (customs), and port traffic (everyone). */
const MOVEMENT_TABS: { view: View; label: MessageKey; path: string }[] = [
  { view: { name: 'exceptions' }, label: 'nav.exceptions', path: '/movements/exceptions' },
  { view: { name: 'lanes' }, label: 'nav.lanes', path: '/lanes' },
  { view: { name: 'traffic' }, label: 'nav.traffic', path: '/traffic' },
];

const USERS_TAB: { view: View; label: MessageKey } = { view: { name: 'users' }, label: 'nav.users' };
const RISK_TAB: { view: View; label: MessageKey } = { view: { name: 'risk' }, label: 'nav.risk' };
const PORTAL_TAB: { view: View; label: MessageKey } = { view: { name: 'portal' }, label: 'nav.portal' };

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
  const customs = !!user && user.roles.some((r) => r === 'customs_admin' || r === 'customs_officer');
  const ops = OPS_TABS.filter((tab) => has(tab.path));
  const movementTabs = MOVEMENT_TABS.filter((m) => has(m.path) && (m.view.name === 'traffic' || user?.roles.some((r) => r.startsWith('customs'))));
  const reviews = !!user && user.roles.some((r) => r === 'customs_admin' || r === 'customs_officer') && has('/portal/applications/{}/decision');
  const tabs = [...TABS, ...movementTabs, ...ops, ...(customs && has('/risk/declarations') ? [RISK_TAB] : []), ...(user && isManager(user) && has('/users/{}/disable') ? [USERS_TAB] : []), ...(reviews ? [PORTAL_TAB] : [])];
  return (
    <header className="topbar">
      <a className="brand" href="#/map">
        <span className="brand-mark">SW</span>
        <span className="brand-title">{t('app.title')}</span>
      </a>
      <nav className="tabs">
        {tabs.map((tab) => (
          <a key={tab.label} href={hrefFor(tab.view)} className={view.name === tab.view.name || (view.name === 'trip' && tab.view.name === 'map') || (view.name === 'container' && tab.view.name === 'exceptions') ? 'active' : ''} data-testid={`nav-${tab.view.name}`}>
            {t(tab.label)}
            {tab.view.name === 'alerts' && <OpenAlertBadge />}
          </a>
        ))}
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
