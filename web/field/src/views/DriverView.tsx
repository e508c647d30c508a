// The driver: log in on the vehicle (national ID + plate), then the task: transport note,
// containers, destination, route, deadline, and each seal's live state (pair a seal with the OBU).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type DriverBinding, type DriverTask } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { apiErrorText } from '../../../shared/errors.ts';
import { formatDateTime } from '../../../shared/time.ts';
import { SealAlarm, abnormality, stateClass } from './SealAlarm.tsx';

interface TaskAnswer {
  binding: DriverBinding | null;
  task: DriverTask | null;
  contact?: { phone: string };
}

export function DriverView() {
  const { t, td, lang } = useI18n();
  const [data, setData] = useState<TaskAnswer | null>(null);
  const [nationalId, setNationalId] = useState('');
  const [plate, setPlate] = useState('');
  const [error, setError] = useState<string | null>(null);

  // An answer to a request sent before the task was started or ended is stale: it must not bring
  // the ended task back (nor hide the new one).
  const generation = useRef(0);
  const refresh = useCallback(() => {
    const asked = generation.current;
    api.get<TaskAnswer>('/field/driver/task').then((d) => asked === generation.current && setData(d), () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const id = setInterval(refresh, 5000);
    return () => clearInterval(id);
  }, [refresh]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      generation.current++;
      setData(await api.post<TaskAnswer>('/field/driver/session', { nationalId: nationalId.trim().toUpperCase(), plate: plate.trim().toUpperCase() }));
    } catch (err) {
      const a = err as ApiError;
      setError(a.status === 0 ? t('error.network') : apiErrorText(a, lang));
    }
  };
  const end = async () => {
    generation.current++;
    setData({ binding: null, task: null });
    await api.del('/field/driver/session').catch(() => undefined);
    generation.current++;
  };
  const pair = async (sealId: string, obuId: string) => {
    try {
      await api.post('/field/driver/seals/pair', { sealId, obuId });
      refresh();
    } catch (err) {
      setError(apiErrorText(err, lang));
    }
  };

  if (!data) return null;
  if (!data.binding) {
    return (
      <form className="card form" onSubmit={start} data-testid="driver-login">
        <h1>{t('driver.login.title')}</h1>
        <p className="hint">{t('driver.login.hint')}</p>
        <label>
          {t('driver.nationalId')}
          <input name="nationalId" value={nationalId} onChange={(e) => setNationalId(e.target.value)} autoCapitalize="characters" maxLength={10} required />
        </label>
        <label>
          {t('driver.plate')}
          <input name="plate" value={plate} onChange={(e) => setPlate(e.target.value)} autoCapitalize="characters" maxLength={12} required />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button className="primary">{t('driver.login.submit')}</button>
      </form>
    );
  }
  const task = data.task;
  return (
    <section data-testid="driver-task">
      <div className="card head">
        <div className="plate">{data.binding.plate}</div>
        <div className="muted">{t(data.binding.source === 'rfid' ? 'driver.source.rfid' : 'driver.source.app')}</div>
      </div>
      {!task ? (
        <p className="card empty">{t('driver.noTask')}</p>
      ) : (
        <>
          {task.seals.map((s) => {
            const what = abnormality(s, task.state);
            return what ? <SealAlarm key={s.id} seal={s} what={what} phone={data.contact?.phone ?? null} /> : null;
          })}
          {!task.driverMatches && <p className="banner warn">{t('task.driverMismatch')}</p>}
          <dl className="card facts">
            <dt>{t('task.cn')}</dt>
            <dd data-testid="task-cn">{task.cnNos.join('、')}</dd>
            <dt>{t('task.state')}</dt>
            <dd data-testid="task-state">{td('trip', task.state ?? 'planned')}</dd>
            <dt>{t('task.container')}</dt>
            <dd translate="no">{task.containers.map((c) => c.no).join('、')}</dd>
            <dt>{t('task.origin')}</dt>
            <dd data-value="">{task.origin.name ?? ''} {task.origin.code}</dd>
            <dt>{t('task.destination')}</dt>
            <dd data-testid="task-destination" data-value="">{task.destination.name ?? ''} {task.destination.code}</dd>
            <dt>{t('task.route')}</dt>
            <dd translate="no">{task.route?.code ?? '—'}</dd>
            <dt>{t('task.deadline')}</dt>
            <dd data-testid="task-deadline">
              {task.deadline ? formatDateTime(task.deadline, lang, { seconds: false }) : task.route ? t('task.maxDuration', { min: task.route.maxDurationMin }) : '—'}
            </dd>
          </dl>
          <h2>{t('task.seals')}</h2>
          <ul className="list">
            {task.seals.map((s) => (
              <li key={s.id} className="card seal" data-testid="task-seal" data-state={s.state ?? 'none'}>
                <div>
                  <div className="mono">{s.id}</div>
                  <div className="muted">{s.containerNo}</div>
                </div>
                <span className={`badge ${stateClass(s.state)}`} data-testid="seal-state">{td('state', s.state)}</span>
                {s.pairedObu ? (
                  <span className="muted small">{t('task.paired', { obu: s.pairedObu })}</span>
                ) : (
                  task.vehicleObu && (
                    <button className="secondary" onClick={() => pair(s.id, task.vehicleObu!)}>
                      {t('task.pair')}
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <button className="secondary wide" onClick={end}>
        {t('driver.logout')}
      </button>
    </section>
  );
}
