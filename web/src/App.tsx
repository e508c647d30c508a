// The console's frame: login, then the top bar and one view at a time, with the live feed running
// underneath every view so alerts sound wherever the officer is.
import { useEffect, useState } from 'react';
import { ReferenceProvider } from './api/reference.tsx';
import { AlertsPage } from './alerts/AlertsPage.tsx';
import { useCriticalAlarm } from './alerts/alarm.ts';
import { startLive } from './live/bootstrap.ts';
import { liveStore } from './live/store.ts';
import { LiveMapPage } from './map/LiveMapPage.tsx';
import { OverviewPage } from './overview/OverviewPage.tsx';
import { ReferencePage } from './reference/ReferencePage.tsx';
import { useView, type View } from './router.ts';
import { SearchPage } from './search/SearchPage.tsx';
import { LoginPage } from './session/LoginPage.tsx';
import { WrongApp, admitted } from './session/WrongApp.tsx';
import { useSession } from './session/session.tsx';
import { TripPage } from './trips/TripPage.tsx';
import { CriticalFlash } from './ui/CriticalFlash.tsx';
import { TopBar } from './ui/TopBar.tsx';
import { UsersPage } from './users/UsersPage.tsx';
import { RiskPage } from './risk/RiskPage.tsx';
import { CasesPage } from './operations/CasesPage.tsx';
import { DeskPage } from './operations/DeskPage.tsx';
import { ReportsPage } from './operations/ReportsPage.tsx';
import { PortalReviewPage } from './portal/PortalReviewPage.tsx';
import { ContainerPage } from './movements/ContainerPage.tsx';
import { ExceptionsPage } from './movements/ExceptionsPage.tsx';
import { LanesPage } from './movements/LanesPage.tsx';
import { TrafficPage } from './movements/TrafficPage.tsx';
import { VehicleHistoryPage } from './history/VehicleHistoryPage.tsx';
import { ApiKeysPage } from './admin/ApiKeysPage.tsx';
import { AuditPage } from './admin/AuditPage.tsx';
import { DevicesPage } from './admin/DevicesPage.tsx';
import { WebhooksPage } from './admin/WebhooksPage.tsx';

export function App({ loadCapabilities }: { loadCapabilities: () => Promise<void> }) {
  const { user, logout } = useSession();
  const [ready, setReady] = useState(false);
  const inConsole = !!user && admitted(user);
  useEffect(() => {
    if (!user || !inConsole) return;
    let handle: { close(): void } | null = null;
    let cancelled = false;
    loadCapabilities().then(() => {
      if (cancelled) return;
      handle = startLive(liveStore);
      setReady(true);
    });
    return () => {
      cancelled = true;
      handle?.close();
      setReady(false);
    };
  }, [user, inConsole, loadCapabilities]);

  if (!user) return <LoginPage />;
  if (!inConsole) return <WrongApp user={user} onLogout={() => void logout()} />;
  if (!ready) return <div className="splash">…</div>;
  return (
    <ReferenceProvider>
      <Console />
    </ReferenceProvider>
  );
}

function Console() {
  const view = useView();
  const flash = useCriticalAlarm();
  return (
    <div className="console">
      <TopBar view={view} />
      <main className="console-main">
        <ViewSwitch view={view} />
      </main>
      <CriticalFlash alert={flash} />
    </div>
  );
}

function ViewSwitch({ view }: { view: View }) {
  switch (view.name) {
    case 'alerts':
      return <AlertsPage />;
    case 'trip':
      return <TripPage key={view.tripId} tripId={view.tripId} />;
    case 'search':
      return <SearchPage q={view.q} />;
    case 'overview':
      return <OverviewPage />;
    case 'users':
      return <UsersPage />;
    case 'risk':
      return <RiskPage />;
    case 'portal':
      return <PortalReviewPage />;
    case 'reference':
      return <ReferencePage tab={view.tab} code={view.code} />;
    case 'reports':
      return <ReportsPage />;
    case 'cases':
      return <CasesPage id={view.id} />;
    case 'desk':
      return <DeskPage id={view.id} />;
    case 'container':
      return <ContainerPage key={view.containerNo} containerNo={view.containerNo} />;
    case 'exceptions':
      return <ExceptionsPage />;
    case 'lanes':
      return <LanesPage facility={view.facility} />;
    case 'traffic':
      return <TrafficPage facility={view.facility} />;
    case 'vehicleHistory':
      return <VehicleHistoryPage key={`${view.plate}|${view.from ?? ""}|${view.to ?? ""}`} plate={view.plate} from={view.from} to={view.to} />;
    case 'apiKeys':
      return <ApiKeysPage />;
    case 'devices':
      return <DevicesPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'audit':
      return <AuditPage />;
    default:
      return <LiveMapPage />;
  }
}
