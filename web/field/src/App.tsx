// Who is logged in decides the screens: a driver sees the vehicle log-in and the task; a
// responsible person or a customs officer sees confirmation, unseal and offline unseal.
import { useCallback, useEffect, useState } from 'react';
import { useOnline } from './online.ts';
import { logOut, sessionStore } from '../../shared/session.ts';
import { api, type Me } from './api.ts';
import { useI18n } from './i18n.ts';
import { flushOutbox, outbox, type RefusedRecord } from './offline-store.ts';
import { apiErrorText } from '../../shared/errors.ts';
import { ConfirmView } from './views/ConfirmView.tsx';
import { DriverView } from './views/DriverView.tsx';
import { LoginView } from './views/LoginView.tsx';
import { OfflineView } from './views/OfflineView.tsx';
import { PushToggle } from './PushToggle.tsx';
import { UnsealView } from './views/UnsealView.tsx';
import { SealTasksView } from './passive/SealTasksView.tsx';
import { useReadQueue } from './passive/useReadQueue.ts';
import { NothingToDo } from './views/NothingToDo.tsx';

type Tab = 'confirm' | 'unseal' | 'offline';

/** Who was logged in last, for the screens while offline. */
const remembered = sessionStore<Me>('sw.field.me');

export function App() {
  const { t, lang, setLang } = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>(() => (location.hash.replace('#', '') as Tab) || 'confirm');
  const [queued, setQueued] = useState(outbox().length);
  const [uploaded, setUploaded] = useState(false);
  const [refused, setRefused] = useState<RefusedRecord[]>([]);
  const online = useOnline();
  const [sealFlow, setSealFlow] = useState(false);

  const load = useCallback(() => {
    api.get<Me>('/auth/me').then(setMe, (e) => setMe(e.offline ? remembered.read() : null));
  }, []);
  useEffect(() => {
    api.onUnauthorized(() => setMe(null));
    load();
  }, [load]);
  useEffect(() => {
    if (me) remembered.write(me);
  }, [me]);
  // Back online: upload what was done offline.
  useEffect(() => {
    if (!online || !me) return;
    if (outbox().length === 0) return;
    flushOutbox().then((r) => {
      setQueued(outbox().length);
      if (r.uploaded) setUploaded(true);
      if (r.refused.length) setRefused(r.refused);
    });
  }, [online, me]);

  const go = (next: Tab) => {
    setTab(next);
    history.replaceState(null, '', `#${next}`);
  };
  const logout = async () => {
    await logOut(api);
    remembered.clear();
    setMe(null);
  };

  const isDriver = !!me && me.roles.includes('driver');
  const reads = useReadQueue(me && !isDriver ? me.id : null);
  if (me === undefined) return <div className="splash">{t('app.title')}</div>;
  const confirms = !!me && me.roles.some((r) => r === 'responsible_person' || r === 'customs_officer' || r === 'customs_admin');
  // Reading passive seals is also a yard operator's work; anyone else has nothing to do here.
  const readsSeals = confirms || (!!me && me.roles.includes('yard_operator'));
  return (
    <div className="app">
      <header className="bar">
        <span className="brand">{t('app.title')}</span>
        <button className="link" data-testid="lang" onClick={() => setLang(lang === 'en' ? 'zh-TW' : 'en')}>
          {t('lang.switch')}
        </button>
        {me && online && <PushToggle />}
        {me && (
          <button className="link" onClick={logout}>
            {t('logout')}
          </button>
        )}
      </header>
      {!online && <div className="banner warn" data-testid="offline-banner">{t('offline.banner')}</div>}
      {queued > 0 && <div className="banner" data-testid="outbox">{t('offline.queue', { n: queued })}</div>}
      {uploaded && queued === 0 && (
        <div className="banner ok" data-testid="uploaded" onClick={() => setUploaded(false)}>
          {t('offline.uploaded')}
        </div>
      )}
      {refused.map((r) => (
        <div key={r.sealId} className="banner warn" data-testid="record-refused" onClick={() => setRefused((all) => all.filter((x) => x !== r))}>
          {t('offline.recordRefused', { seal: r.sealId, reason: apiErrorText(r.error, lang) })}
        </div>
      ))}
      {reads.count > 0 && <div className="banner" data-testid="read-outbox">{t('seal.outbox', { n: reads.count })}</div>}
      {reads.last && reads.count === 0 && reads.last.uploaded + reads.last.duplicates > 0 && (
        <div className="banner ok" data-testid="reads-uploaded" onClick={reads.dismiss}>
          {t('seal.uploaded')}
        </div>
      )}
      <main>
        {!me ? (
          <LoginView onDone={load} />
        ) : isDriver ? (
          <DriverView />
        ) : !readsSeals ? (
          <NothingToDo roles={me.roles} />
        ) : tab === 'confirm' || !confirms ? (
          <>
            <SealTasksView userId={me.id} queue={reads} onActive={setSealFlow} showEmpty={!confirms} />
            {confirms && !sealFlow && <ConfirmView />}
          </>
        ) : tab === 'unseal' ? (
          <UnsealView />
        ) : (
          <OfflineView me={me} onQueued={() => setQueued(outbox().length)} />
        )}
      </main>
      {me && !isDriver && confirms && (
        <nav className="tabs">
          {(['confirm', 'unseal', 'offline'] as Tab[]).map((k) => (
            <button key={k} className={tab === k ? 'on' : ''} data-testid={`tab-${k}`} onClick={() => go(k)}>
              {t(`tab.${k}`)}
            </button>
          ))}
        </nav>
      )}
    </div>
  );
}
