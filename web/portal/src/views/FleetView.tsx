// A fleet's page: register a bonded truck (the vehicle and its driver in the registry, then the
// fleet application customs decides, its status below), the vehicles, drivers, OBUs and seals with
// their health, the trucks' trips and alerts, and the drivers' accounts for the field app.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../shared/time.ts';
import { api, messageOf, type Application, type DeviceHealth, type Me } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { ApplicationList } from './ApplicationsView.tsx';

interface Vehicle { plate: string; kind: string; obuId?: string }
interface Driver { nationalId: string; name: string; plates?: string[] }
interface Trip { tripId: string; plate: string; state: string; cnNos: string[]; origin: string; destination: string; updatedAt?: string }
interface Alert { alertId: string; alertType: string; severity: string; plate: string | null; openedAt: string; status: string }
interface User { id: string; username: string; name: string; roles: string[] }

const list = <T,>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : Array.isArray((r as { items?: T[] })?.items) ? (r as { items: T[] }).items : []);

function RegisterTruck({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [plate, setPlate] = useState('');
  const [kind, setKind] = useState('tractor');
  const [driverId, setDriverId] = useState('');
  const [driverName, setDriverName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const v = await api.post<Vehicle>('/vehicles', { plate, kind, category: 1 });
      if (driverId) await api.post('/drivers', { nationalId: driverId, name: driverName || driverId, plates: [v.plate] });
      const a = await api.post<Application>('/portal/applications', { kind: 'fleet', plates: [v.plate], driverIds: driverId ? [driverId] : [] });
      setMessage(t('fleet.registered', { plate: v.plate, id: a.id }));
      setPlate('');
      setDriverId('');
      setDriverName('');
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="register-truck">
      <h1>{t('fleet.register')}</h1>
      <p className="muted small">{t('fleet.register.hint')}</p>
      <div className="row">
        <label>{t('col.plate')}<input name="plate" value={plate} onChange={(e) => setPlate(e.target.value)} required /></label>
        <label>
          {t('fleet.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="tractor">{t('fleet.kind.tractor')}</option>
            <option value="truck">{t('fleet.kind.truck')}</option>
          </select>
        </label>
      </div>
      <div className="row">
        <label>{t('yard.driverId')}<input name="driverId" value={driverId} onChange={(e) => setDriverId(e.target.value)} /></label>
        <label>{t('fleet.driverName')}<input name="driverName" value={driverName} onChange={(e) => setDriverName(e.target.value)} /></label>
      </div>
      {message && <p className="notice" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <button className="primary" type="submit">{t('apps.submit')}</button>
    </form>
  );
}

function DriverAccounts({ companyUbn, drivers, users, onDone }: { companyUbn: string; drivers: Driver[]; users: User[]; onDone: () => void }) {
  const { t } = useI18n();
  const [nationalId, setNationalId] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const d = drivers.find((x) => x.nationalId === nationalId);
    try {
      await api.post('/users', { username, name: d?.name ?? username, companyUbn, roles: ['driver'], nationalId, password });
      setMessage(t('fleet.accountCreated', { username }));
      setUsername('');
      setPassword('');
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <section className="card">
      <h1>{t('fleet.driverAccounts')}</h1>
      <ul className="list">
        {users.filter((u) => u.roles.includes('driver')).map((u) => <li key={u.id}>{u.name} <span className="mono small">{u.username}</span></li>)}
      </ul>
      <form className="form" onSubmit={submit} data-testid="driver-account">
        <label>
          {t('fleet.drivers')}
          <select value={nationalId} onChange={(e) => setNationalId(e.target.value)} required>
            <option value="" />
            {drivers.map((d) => <option key={d.nationalId} value={d.nationalId}>{d.name} {d.nationalId}</option>)}
          </select>
        </label>
        <div className="row">
          <label>{t('apps.username')}<input value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
          <label>{t('apps.password')}<input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        </div>
        {message && <p className="notice" role="status">{message}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <button className="secondary" type="submit">{t('fleet.createAccount')}</button>
      </form>
    </section>
  );
}

export function FleetView({ me }: { me: Me }) {
  const { t, td, lang } = useI18n();
  const [reload, setReload] = useState(0);
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  const [drivers, setDrivers] = useState<Driver[]>([]);
  const [devices, setDevices] = useState<DeviceHealth[]>([]);
  const [trips, setTrips] = useState<Trip[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const load = useCallback(() => {
    api.get('/vehicles').then((r) => setVehicles(list<Vehicle>(r)), () => undefined);
    api.get('/drivers').then((r) => setDrivers(list<Driver>(r)), () => undefined);
    api.get('/portal/device-health').then((r) => setDevices(list<DeviceHealth>(r)), () => undefined);
    api.get('/trips').then((r) => setTrips(list<Trip>(r)), () => undefined);
    api.get('/alerts').then((r) => setAlerts(list<Alert>(r)), () => undefined);
    api.get('/users').then((r) => setUsers(list<User>(r)), () => undefined);
    setReload((n) => n + 1);
  }, []);
  useEffect(load, [load]);
  return (
    <div className="grid">
      <div>
        <RegisterTruck onDone={load} />
        <section className="card">
          <h1>{t('apps.title')}</h1>
          <ApplicationList kind="fleet" reload={reload} />
        </section>
      </div>
      <div>
        <section className="card">
          <h1>{t('fleet.vehicles')}</h1>
          <ul className="list" data-testid="vehicles">
            {vehicles.map((v) => <li key={v.plate}><span className="mono">{v.plate}</span> <span className="muted small">{v.kind}{v.obuId ? ` · ${v.obuId}` : ''}</span></li>)}
          </ul>
          <h2>{t('fleet.drivers')}</h2>
          <ul className="list" data-testid="drivers">
            {drivers.map((d) => <li key={d.nationalId}>{d.name} <span className="mono small">{d.nationalId}</span> <span className="muted small">{d.plates?.join(', ')}</span></li>)}
          </ul>
        </section>
        <section className="card">
          <h1>{t('fleet.devices')}</h1>
          <div className="table-wrap">
            <table data-testid="devices">
              <thead><tr><th>{t('col.id')}</th><th>{t('col.kind')}</th><th>{t('col.plate')}</th><th>{t('col.battery')}</th><th>{t('col.seal')}</th><th>{t('col.lastReport')}</th></tr></thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id}>
                    <td className="mono">{d.id}</td><td>{td('deviceKind', d.kind)}</td><td>{d.plate ?? ''}</td>
                    <td className={d.battery !== null && d.battery < 20 ? 'error' : ''}>{d.battery === null ? '-' : `${d.battery}%`}</td>
                    <td>{d.sealState ?? '-'}</td><td className="small">{d.lastReportAt ? formatDateTime(d.lastReportAt, lang) : '-'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <section className="card">
        <h1>{t('fleet.trips')}</h1>
        <ul className="list" data-testid="trips">
          {trips.map((x) => <li key={x.tripId}><span className="mono">{x.plate}</span> {x.origin} → {x.destination} <span className="badge">{td('trip', x.state)}</span> <span className="small muted">{x.cnNos.join(', ')}</span></li>)}
        </ul>
        {trips.length === 0 && <p className="empty">{t('home.none')}</p>}
        <h2>{t('fleet.alerts')}</h2>
        <ul className="list" data-testid="alerts">
          {alerts.map((a) => <li key={a.alertId}><span className={`badge ${a.severity === 'critical' || a.severity === 'high' ? 'bad' : ''}`}>{a.severity}</span> {a.alertType} <span className="mono small">{a.plate}</span> <span className="small muted">{formatDateTime(a.openedAt, lang)}</span></li>)}
        </ul>
        {alerts.length === 0 && <p className="empty">{t('home.none')}</p>}
      </section>
      <DriverAccounts companyUbn={me.companyUbn} drivers={drivers} users={users} onDone={load} />
    </div>
  );
}
