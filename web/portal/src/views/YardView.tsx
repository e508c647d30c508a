// A yard's transport notes: the entry form checked as one types (POST /transport-notes/validate,
// the very rules of sending), its notes newest first with their trips' state, the printable note
// (PDF) and the trips' state live over /stream, and the legacy text upload with the result of each line.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../../shared/time.ts';
import { api, messageOf, type FieldError, type Me, type NoteRow } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { errorText } from '../../../shared/errors.ts';

interface Form {
  cnNo: string; origin: string; destination: string; plate: string; driverId: string; transportCategory: string;
  declarationNo: string; releaseCode: string; requiresConfirmation: boolean;
}
interface Row { containerNo: string; sealType: string; sealNos: string }
const EMPTY: Form = { cnNo: '', origin: '', destination: '', plate: '', driverId: '', transportCategory: '1', declarationNo: '', releaseCode: '', requiresConfirmation: true };
const EMPTY_ROW: Row = { containerNo: '', sealType: 'truck_eseal', sealNos: '' };

function noteOf(f: Form, rows: Row[], senderUbn: string) {
  return {
    cnNo: f.cnNo, function: '9', senderUbn, origin: f.origin, destination: f.destination,
    containers: rows.map((r) => ({ no: r.containerNo, sealType: r.sealType, sealNos: r.sealNos.split(/[,，\s]+/).filter(Boolean) })),
    plate: f.plate, driverId: f.driverId, transportCategory: Number(f.transportCategory),
    ...(f.declarationNo ? { declarationNo: f.declarationNo } : {}), ...(f.releaseCode ? { releaseCode: f.releaseCode } : {}),
    requiresConfirmation: f.requiresConfirmation,
  };
}

/** The form field a server error path points at: a note field, or a container row's ("containers.1.sealNos"). */
const ROW_FIELD: Record<string, keyof Row> = { no: 'containerNo', sealNos: 'sealNos', sealType: 'sealType' };
function fieldOf(path: string): string {
  const parts = path.replace(/^\/body\/?/, '').split('/');
  if (parts[0] === 'containers') return parts[1] === undefined ? 'containers.0.containerNo' : `containers.${parts[1]}.${ROW_FIELD[parts[2]] ?? 'containerNo'}`;
  if (parts[0] === 'routeCode') return 'destination';
  return parts[0] in EMPTY ? parts[0] : 'other';
}

function NoteForm({ me, onSent }: { me: Me; onSent: () => void }) {
  const { t, td, lang } = useI18n();
  const [f, setF] = useState<Form>(EMPTY);
  const [rows, setRows] = useState<Row[]>([EMPTY_ROW]);
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<FieldError[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    if (!touched) return;
    const n = ++seq.current;
    const timer = setTimeout(() => {
      api.post<{ valid: boolean; errors: FieldError[] }>('/transport-notes/validate', noteOf(f, rows, me.companyUbn)).then(
        (r) => n === seq.current && setErrors(r.errors),
        () => undefined,
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [f, rows, touched, me.companyUbn]);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => {
    setTouched(true);
    setMessage(null);
    setF({ ...f, [k]: e.target.value });
  };
  const setRow = (i: number, k: keyof Row) => (e: { target: { value: string } }) => {
    setTouched(true);
    setMessage(null);
    setRows(rows.map((r, j) => (j === i ? { ...r, [k]: e.target.value } : r)));
  };
  const errs = (k: string) => (errors ?? []).filter((e) => fieldOf(e.path) === k);
  const rowInput = (i: number, k: 'containerNo' | 'sealNos', label: MessageKey, extra: { placeholder?: string } = {}) => {
    const bad = errs(`containers.${i}.${k}`);
    return (
      <label>
        {t(label)}
        <input name={i === 0 ? k : `${k}-${i}`} value={rows[i][k]} onChange={setRow(i, k)} className={bad.length ? 'bad' : ''} aria-invalid={bad.length > 0} {...extra} />
        {bad.map((e, j) => <span key={j} className="field-error" data-testid={`error-${k}`}>{errorText(e, lang)}</span>)}
      </label>
    );
  };
  const input = (k: keyof Form, label: MessageKey, extra: { placeholder?: string } = {}) => (
    <label>
      {t(label)}
      <input name={k} value={f[k] as string} onChange={set(k)} className={errs(k).length ? 'bad' : ''} aria-invalid={errs(k).length > 0} {...extra} />
      {errs(k).map((e, i) => <span key={i} className="field-error" data-testid={`error-${k}`}>{errorText(e, lang)}</span>)}
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/transport-notes', noteOf(f, rows, me.companyUbn));
      setMessage(t('yard.sent', { cn: f.cnNo }));
      setF(EMPTY);
      setRows([EMPTY_ROW]);
      setTouched(false);
      setErrors(null);
      onSent();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const other = (errors ?? []).filter((e) => fieldOf(e.path) === 'other');
  return (
    <form className="card form" onSubmit={submit} data-testid="cn-form">
      <h1>{t('yard.new')}</h1>
      {input('cnNo', 'yard.cnNo', { placeholder: 'CN00000001' })}
      <div className="row">{input('origin', 'yard.origin')}{input('destination', 'yard.destination')}</div>
      <div className="row">{input('plate', 'yard.plate')}{input('driverId', 'yard.driverId')}</div>
      {rows.map((r, i) => (
        <fieldset key={i} className="form" style={{ border: '1px solid var(--line)', borderRadius: 8, padding: 8 }}>
          <div className="row">
            {rowInput(i, 'containerNo', 'yard.containerNo', { placeholder: 'CSQU3054383' })}
            <label>
              {t('yard.sealType')}
              <select name={i === 0 ? 'sealType' : `sealType-${i}`} value={r.sealType} onChange={setRow(i, 'sealType')}>
                {['truck_eseal', 'container_eseal', 'mechanical'].map((s) => <option key={s} value={s}>{td('sealType', s)}</option>)}
              </select>
            </label>
          </div>
          {rowInput(i, 'sealNos', 'yard.sealNos')}
          {rows.length > 1 && (
            <button type="button" className="secondary" onClick={() => { setTouched(true); setRows(rows.filter((_, j) => j !== i)); }}>{t('yard.removeContainer')}</button>
          )}
        </fieldset>
      ))}
      {rows.length < 4 && <button type="button" className="secondary" onClick={() => setRows([...rows, EMPTY_ROW])}>{t('yard.addContainer')}</button>}
      <div className="row">
        <label>
          {t('yard.category')}
          <select name="transportCategory" value={f.transportCategory} onChange={set('transportCategory')}>
            {[1, 2, 3, 4, 5, 6].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        {input('declarationNo', 'yard.declarationNo')}{input('releaseCode', 'yard.releaseCode')}
      </div>
      <label className="inline">
        <input type="checkbox" checked={f.requiresConfirmation} onChange={(e) => { setTouched(true); setF({ ...f, requiresConfirmation: e.target.checked }); }} />
        {t('yard.confirm')}
      </label>
      {other.map((e, i) => <p key={i} className="field-error">{e.path.replace(/^\/body\/?/, '')}: {errorText(e, lang)}</p>)}
      {errors && errors.length === 0 && <p className="notice" data-testid="cn-valid">{t('yard.valid')}</p>}
      {message && <p className="notice" role="status" data-testid="cn-sent">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <button className="primary" type="submit" disabled={!errors || errors.length > 0}>{t('yard.send')}</button>
    </form>
  );
}

interface UploadLine { line: number; status: string; cnNo?: string; errors?: { path: string; message: string; field?: string }[] }
interface UploadReport { lines: UploadLine[]; summary: { ok: number; failed: number } }

function Upload({ onDone }: { onDone: () => void }) {
  const { t, lang } = useI18n();
  const [layouts, setLayouts] = useState<{ name: string }[]>([]);
  const [layout, setLayout] = useState('');
  const [dryRun, setDryRun] = useState(true);
  const [report, setReport] = useState<UploadReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  useEffect(() => {
    api.get<{ name: string }[]>('/transport-notes/upload/layouts').then(setLayouts, () => undefined);
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) return;
    setError(null);
    const qs = new URLSearchParams({ ...(layout ? { layout } : {}), ...(dryRun ? { dryRun: 'true' } : {}) });
    const res = await fetch(`/api/v1/transport-notes/upload?${qs}`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': layout ? 'text/plain; charset=utf-8' : 'text/csv; charset=utf-8', accept: 'application/json' },
      body: await chosen.arrayBuffer(),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) setError(body.detail ?? res.statusText);
    else {
      setReport(body);
      if (!dryRun) onDone();
    }
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="upload-form">
      <h1>{t('yard.upload')}</h1>
      <p className="muted small">{t('yard.upload.hint')}</p>
      <input type="file" ref={file} accept=".csv,.txt,text/plain,text/csv" name="file" />
      <label>
        {t('yard.layout')}
        <select value={layout} onChange={(e) => setLayout(e.target.value)}>
          <option value="">{t('yard.layout.csv')}</option>
          {layouts.map((l) => <option key={l.name} value={l.name}>{l.name}</option>)}
        </select>
      </label>
      <label className="inline"><input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />{t('yard.dryRun')}</label>
      <button className="secondary" type="submit">{t('yard.upload.submit')}</button>
      {error && <p className="error" role="alert">{error}</p>}
      {report && (
        <div data-testid="upload-report">
          <p className="notice">{t('yard.upload.summary', { ok: report.summary.ok, failed: report.summary.failed })}</p>
          <table>
            <thead><tr><th>{t('col.line')}</th><th>{t('col.cnNo')}</th><th>{t('col.result')}</th></tr></thead>
            <tbody>
              {report.lines.map((l) => (
                <tr key={l.line}>
                  <td>{l.line}</td><td className="mono">{l.cnNo ?? ''}</td>
                  <td>{l.status}{l.errors?.map((e, i) => <div key={i} className="field-error">{e.field ?? e.path}: {errorText(e, lang)}</div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}

export function YardView({ me }: { me: Me }) {
  const { t, td, lang } = useI18n();
  const [notes, setNotes] = useState<NoteRow[] | null>(null);
  const load = useCallback(() => {
    api.get<NoteRow[]>('/portal/transport-notes').then(setNotes, () => setNotes([]));
  }, []);
  useEffect(() => {
    load();
    // Live: a trip change of one of these notes updates its row at once (the stream is scoped to
    // what the caller may see); a slow poll catches anything else (a new note from another desk).
    let socket: WebSocket | null = null;
    try {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`);
      socket.onmessage = (m) => {
        const e = JSON.parse(String(m.data)) as { type: string; data: { tripId?: string; state?: string; cnNos?: string[] } };
        if (e.type !== 'trip' || !e.data.cnNos?.length) return;
        const cns = new Set(e.data.cnNos);
        setNotes((list) => list?.map((n) => (cns.has(n.cnNo) ? { ...n, tripId: e.data.tripId ?? n.tripId, tripState: e.data.state ?? n.tripState } : n)) ?? list);
      };
    } catch {
      socket = null;
    }
    const timer = setInterval(load, 60000);
    return () => {
      clearInterval(timer);
      socket?.close();
    };
  }, [load]);
  const sender = me.roles.includes('yard_operator');
  return (
    <div className="grid">
      {sender && <NoteForm me={me} onSent={load} />}
      <section className="card">
        <div className="row" style={{ alignItems: 'center' }}>
          <h1>{t('yard.list')}</h1>
          <button className="secondary" style={{ flex: 0 }} onClick={load}>{t('common.refresh')}</button>
        </div>
        <div className="table-wrap">
          <table data-testid="cn-list">
            <thead><tr><th>{t('col.cnNo')}</th><th>{t('col.route')}</th><th>{t('col.containers')}</th><th>{t('col.trip')}</th><th /></tr></thead>
            <tbody>
              {(notes ?? []).map((n) => (
                <tr key={n.cnNo} data-testid={`cn-${n.cnNo}`}>
                  <td className="mono">{n.cnNo}<div className="small muted">{formatDateTime(n.updatedAt, lang)}</div></td>
                  <td>{n.note.origin} → {n.note.destination}<div className="small">{n.note.plate}</div></td>
                  <td className="mono small">{n.note.containers.map((c) => c.no).join(', ')}</td>
                  <td><span className={`badge ${n.status}`}>{n.status === 'cancelled' ? td('note', 'cancelled') : td('trip', n.tripState)}</span></td>
                  <td><a href={`/api/v1/transport-notes/${encodeURIComponent(n.cnNo)}/pdf`} target="_blank" rel="noreferrer" data-testid="print">{t('yard.print')}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {sender && <Upload onDone={load} />}
    </div>
  );
}
