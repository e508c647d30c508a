// The portal's frame: the public home for everyone; after logging in, the tabs of the caller's
// roles (a yard its transport notes, a trader its declarations, a fleet its trucks, a supplier its
// type approvals), everybody's applications and the company's contact for the monitoring centre.
// The server decides what each company sees.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { logOut } from '../../shared/session.ts';
import { api, type Me } from './api.ts';
import { useI18n, type MessageKey } from './i18n.ts';
import { ApplicationsView } from './views/ApplicationsView.tsx';
import { ContactView } from './views/ContactView.tsx';
import { FleetView } from './views/FleetView.tsx';
import { HomeView } from './views/HomeView.tsx';
import { LoginView } from './views/LoginView.tsx';
import { NotificationsView, offersNotifications } from './views/NotificationsView.tsx';
import { SupplierView } from './views/SupplierView.tsx';
import { TraderView } from './views/TraderView.tsx';
import { YardView } from './views/YardView.tsx';

type Tab = 'home' | 'login' | 'applications' | 'yard' | 'trader' | 'fleet' | 'supplier' | 'contact' | 'notifications';

const ROLE_TABS: { tab: Tab; label: MessageKey; roles: string[] }[] = [
  { tab: 'yard', label: 'nav.yard', roles: ['yard_operator', 'responsible_person'] },
  { tab: 'trader', label: 'nav.trader', roles: ['trader'] },
  { tab: 'fleet', label: 'nav.fleet', roles: ['fleet_operator'] },
  { tab: 'supplier', label: 'nav.supplier', roles: ['supplier'] },
  { tab: 'applications', label: 'nav.applications', roles: ['yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier'] },
  // Those who keep the company's contact for the monitoring centre current (src/access/registry.ts).
  { tab: 'contact', label: 'nav.contact', roles: ['yard_operator', 'responsible_person', 'fleet_operator', 'trader', 'supplier'] },
];

function useTab(): Tab {
  const hash = useSyncExternalStore(
    (fn) => {
      window.addEventListener('hashchange', fn);
      return () => window.removeEventListener('hashchange', fn);
    },
    () => location.hash,
  );
  return (hash.replace(/^#\/?/, '').split('?')[0] || 'home') as Tab;
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notifications, setNotifications] = useState(false);
  const tab = useTab();
  const load = useCallback(() => {
    api.get<Me>('/auth/me').then(setMe, () => setMe(null));
  }, []);
  useEffect(() => {
    api.onUnauthorized(() => setMe(null));
    load();
    offersNotifications().then(setNotifications, () => undefined);
  }, [load]);

  const roleTabs = me ? ROLE_TABS.filter((r) => r.roles.some((role) => me.roles.includes(role as never))) : [];
  const tabs = me && notifications ? [...roleTabs, { tab: 'notifications' as Tab, label: 'nav.notifications' as MessageKey, roles: [] }] : roleTabs;
  const logout = async () => {
    await logOut(api);
    setMe(null);
    location.hash = '#/home';
  };
  const allowed = tab === 'home' || tab === 'login' || tabs.some((x) => x.tab === tab);
  const current: Tab = allowed ? tab : me === null ? 'login' : 'home';

  return (
    <div className="app">
      <header className="bar">
        <a className="brand" href="#/home">{t('app.title')}</a>
        {me && <span className="small" data-testid="who">{me.name}</span>}
        <button className="link" data-testid="lang" onClick={() => setLang(lang === 'en' ? 'zh-TW' : 'en')}>
          {t('lang.switch')}
        </button>
        {me ? (
          <button className="link" data-testid="logout" onClick={logout}>{t('nav.logout')}</button>
        ) : (
          <a className="link" href="#/login" data-testid="nav-login">{t('nav.login')}</a>
        )}
      </header>
      <nav className="tabs">
        <a href="#/home" className={current === 'home' ? 'active' : ''} data-testid="nav-home">{t('nav.home')}</a>
        {tabs.map((x) => (
          <a key={x.tab} href={`#/${x.tab}`} className={current === x.tab ? 'active' : ''} data-testid={`nav-${x.tab}`}>
            {t(x.label)}
          </a>
        ))}
      </nav>
      <main>
        {me === undefined ? (
          <p className="muted">{t('common.loading')}</p>
        ) : current === 'login' ? (
          <LoginView
            onDone={() => {
              load();
              location.hash = '#/home';
            }}
          />
        ) : current === 'applications' ? (
          <ApplicationsView me={me!} />
        ) : current === 'yard' ? (
          <YardView me={me!} />
        ) : current === 'trader' ? (
          <TraderView />
        ) : current === 'fleet' ? (
          <FleetView me={me!} />
        ) : current === 'supplier' ? (
          <SupplierView />
        ) : current === 'contact' ? (
          <ContactView me={me!} />
        ) : current === 'notifications' ? (
          <NotificationsView />
        ) : (
          <HomeView />
        )}
      </main>
    </div>
  );
}
