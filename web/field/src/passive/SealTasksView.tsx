// Passive seals at the container door. At the origin: tap the container (the camera opens), take the
// photo of the door with the seal's code in view (the code is read from it), tap "apply": 3 taps.
// Holding the phone to the seal (NFC) or typing the number reads it as well. At the destination the
// same, ending in "check and remove". Each read keeps its own time and the phone's position and
// goes through the phone's queue, so it is kept with no signal and uploaded once when it is back.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { errorText } from '../../../shared/errors.ts';
import { decodeCodes } from './barcode.ts';
import { currentFix, type Fix } from './geo.ts';
import { nfcAvailable, startNfc } from './nfc.ts';
import { newId, putBatch, type ReaderKind, type SealReadInput } from './read-queue.ts';
import { checkTyped, matchExpected, sealNoFromCode } from './seal-code.ts';
import type { PassiveTask } from './types.ts';
import type { ReadQueueState } from './useReadQueue.ts';

const CACHE = 'sw.field.sealTasks';

interface SealRead {
  reader: ReaderKind;
  readAt: string;
}

const key = (t: Pick<PassiveTask, 'cnNo' | 'containerNo'>) => `${t.cnNo}/${t.containerNo}`;
const doneKey = (t: Pick<PassiveTask, 'cnNo' | 'containerNo' | 'side'>) => `${t.side}:${key(t)}`;

function cached(): PassiveTask[] | null {
  try {
    const v = JSON.parse(localStorage.getItem(CACHE) ?? 'null');
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

export function SealTasksView({ userId, queue, onActive, showEmpty }: { userId: string; queue: ReadQueueState; onActive: (active: boolean) => void; showEmpty: boolean }) {
  const { t, td, lang } = useI18n();
  const [tasks, setTasks] = useState<PassiveTask[] | null>(cached);
  const [selected, setSelected] = useState<PassiveTask | null>(null);
  const [reads, setReads] = useState<Map<string, SealRead>>(new Map());
  const [unexpected, setUnexpected] = useState<string[]>([]);
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [decoding, setDecoding] = useState(false);
  const [decodeFailed, setDecodeFailed] = useState(false);
  const [typed, setTyped] = useState('');
  const [nfc, setNfc] = useState<'unavailable' | 'off' | 'on' | 'error'>(nfcAvailable() ? 'off' : 'unavailable');
  const [message, setMessage] = useState<{ kind: 'ok' | 'warn'; text: string } | null>(null);
  const camera = useRef<HTMLInputElement>(null);
  const fix = useRef<Promise<Fix | null> | null>(null);
  const tasksRef = useRef(tasks);
  tasksRef.current = tasks;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  /** Containers whose seals were applied or removed here: reads of their seals open nothing. */
  const finished = useRef(new Set<string>());

  const refresh = useCallback(() => {
    if (!navigator.onLine) return;
    api.get<PassiveTask[]>('/field/passive/tasks').then((list) => {
      setTasks(list);
      localStorage.setItem(CACHE, JSON.stringify(list));
    }, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const id = setInterval(refresh, 15_000);
    window.addEventListener('online', refresh);
    return () => {
      clearInterval(id);
      window.removeEventListener('online', refresh);
    };
  }, [refresh]);
  useEffect(() => onActive(selected !== null), [selected, onActive]);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  /** A seal number read by any means: marked on the selected container, or selecting the container it belongs to. */
  const took = useCallback((sealNo: string, reader: ReaderKind) => {
    const readAt = new Date().toISOString();
    let task = selectedRef.current;
    if (!task) {
      task = (tasksRef.current ?? []).find((x) => matchExpected(sealNo, x.seals.map((s) => s.sealNo))) ?? null;
      if (!task) {
        setMessage({ kind: 'warn', text: t('seal.typed.notOnNote', { seal: sealNo }) });
        return;
      }
      // The reader still sees the seal just applied (or removed): that work is done, and a late read
      // must not open it again. A tap on the container still does.
      if (finished.current.has(doneKey(task))) {
        setMessage({ kind: 'ok', text: t('care.alreadyDone', { container: task.containerNo, seal: sealNo }) });
        return;
      }
      choose(task);
    }
    const expected = matchExpected(sealNo, task.seals.map((s) => s.sealNo));
    if (expected) setReads((m) => (m.has(expected) ? m : new Map(m).set(expected, { reader, readAt })));
    else setUnexpected((u) => (u.includes(sealNo) ? u : [...u, sealNo]));
  }, [t]);

  // NFC: where the phone has it, reading runs while this screen is open (after one tap to allow it).
  const stopNfc = useRef<(() => void) | null>(null);
  const enableNfc = useCallback(async () => {
    try {
      stopNfc.current = await startNfc(
        (r) => {
          const sealNo = sealNoFromCode(r.code);
          if (sealNo) took(sealNo, 'phone_nfc');
        },
        () => setNfc('error'),
      );
      setNfc('on');
    } catch {
      setNfc('error');
    }
  }, [took]);
  useEffect(() => {
    if (nfc !== 'off') return;
    // Allowed before: start without asking for a tap.
    navigator.permissions?.query({ name: 'nfc' as PermissionName }).then((p) => p.state === 'granted' && void enableNfc(), () => undefined);
  }, []);
  useEffect(() => () => stopNfc.current?.(), []);

  function choose(task: PassiveTask) {
    setSelected(task);
    setReads(new Map());
    setUnexpected([]);
    setPhoto(null);
    setPreview(null);
    setDecodeFailed(false);
    setTyped('');
    setMessage(null);
    fix.current = currentFix();
  }
  const openCamera = () => {
    if (!camera.current) return;
    camera.current.value = '';
    camera.current.click();
  };
  // Tap 1: the container; the camera opens in the same gesture.
  const pick = (task: PassiveTask) => {
    choose(task);
    openCamera();
  };
  // Tap 2 is the shutter: the photo of the door arrives, and the seal's code is read from it.
  const taken = async (file: File | undefined) => {
    if (!file) return;
    setPhoto(file);
    setPreview(URL.createObjectURL(file));
    setDecoding(true);
    setDecodeFailed(false);
    try {
      const codes = (await decodeCodes(file)).map(sealNoFromCode).filter((s): s is string => !!s);
      for (const c of codes) took(c, 'phone_camera');
      setDecodeFailed(codes.length === 0);
    } catch {
      setDecodeFailed(true);
    } finally {
      setDecoding(false);
    }
  };
  const typedNo = checkTyped(typed);
  useEffect(() => {
    if (!selected || !typedNo) return;
    if (matchExpected(typedNo, selected.seals.map((s) => s.sealNo))) took(typedNo, 'manual');
  }, [typedNo, selected, took]);

  const reset = () => {
    setSelected(null);
    setPhoto(null);
    setPreview(null);
    setTyped('');
  };

  // Tap 3: apply (origin) or check and remove (destination).
  const submit = async (mode: 'apply' | 'remove' | 'check') => {
    if (!selected) return;
    const where = await Promise.race([fix.current ?? Promise.resolve(null), new Promise<null>((r) => setTimeout(() => r(null), 1500))]);
    const base = { facility: selected.facility, containerNo: selected.containerNo, ...(where ? { lat: where.lat, lon: where.lon } : {}) };
    const list: SealReadInput[] = [];
    const now = new Date().toISOString();
    for (const [sealNo, r] of reads) {
      if (mode === 'apply') list.push({ readId: newId(), sealNo, event: 'applied', readAt: r.readAt, reader: r.reader, ...base });
      else {
        list.push({ readId: newId(), sealNo, event: 'checked', readAt: r.readAt, reader: r.reader, ...base });
        if (mode === 'remove') list.push({ readId: newId(), sealNo, event: 'removed', readAt: now, reader: r.reader, ...base });
      }
    }
    if (mode === 'check') {
      for (const sealNo of unexpected) list.push({ readId: newId(), sealNo, event: 'checked', readAt: now, reader: 'manual', ...base });
    }
    if (list.length === 0) return;
    await putBatch({ batchId: newId(), cnNo: selected.cnNo, containerNo: selected.containerNo, reads: list, photo: photo ?? undefined, queuedAt: now, userId });
    if (mode !== 'check') finished.current.add(doneKey(selected));
    const done = t(mode === 'apply' ? 'seal.done.applied' : mode === 'remove' ? 'seal.done.removed' : 'seal.done.checked', { container: selected.containerNo });
    reset();
    if (!navigator.onLine) {
      setMessage({ kind: 'warn', text: `${done} · ${t('seal.queued')}` });
      return;
    }
    setMessage({ kind: 'ok', text: done });
    const out = await queue.flush();
    if (out && out.left > 0) setMessage({ kind: 'warn', text: `${done} · ${t('seal.queued')}` });
    refresh();
  };

  const waiting = new Set(queue.batches.map((b) => key(b)));
  const matched = reads.size;

  return (
    <section data-testid="seal-tasks">
      <input ref={camera} type="file" accept="image/*" capture="environment" hidden data-testid="seal-camera" onChange={(e) => void taken(e.target.files?.[0])} />
      {message && (
        <p className={`banner ${message.kind}`} role="status" data-testid="seal-message">
          {message.text}
        </p>
      )}
      {queue.last?.refused.map((r, i) => (
        <p key={i} className="banner warn" data-testid="seal-refused">
          {t('seal.refused', { seal: r.sealNo, reason: errorText(r, lang) })}
        </p>
      ))}
      {nfc === 'on' && <p className="banner" data-testid="nfc-on">{t('seal.nfc.on')}</p>}
      {nfc === 'error' && <p className="banner warn">{t('seal.nfc.error')}</p>}
      {selected ? (
        <div className="card review" data-testid="seal-review" data-side={selected.side}>
          <h1>{t('seal.review.title', { container: selected.containerNo })}</h1>
          <div className="muted">
            {selected.cnNo} · {selected.plate} · {t(`seal.side.${selected.side}`)} {selected.facilityName ?? selected.facility}
          </div>
          {preview && <img src={preview} alt={t('seal.photo', { container: selected.containerNo })} />}
          {decoding && <p className="muted">{t('seal.decode.busy')}</p>}
          {decodeFailed && !decoding && matched === 0 && <p className="banner warn" data-testid="decode-none">{t('seal.decode.none')}</p>}
          <ul className="list">
            {selected.seals.map((s) => {
              const r = reads.get(s.sealNo);
              return (
                <li key={s.sealNo} className="card seal" data-testid="seal-row" data-seal={s.sealNo} data-read={r ? r.reader : ''}>
                  <div className="mono">{s.sealNo}</div>
                  <span className={`badge ${r ? 'read' : 'pending'}`} data-testid="seal-read-state">
                    {r ? t(r.reader === 'phone_camera' ? 'seal.read.camera' : r.reader === 'phone_nfc' ? 'seal.read.nfc' : 'seal.read.manual') : t('seal.read.none')}
                  </span>
                </li>
              );
            })}
          </ul>
          {unexpected.map((u) => (
            <p key={u} className="banner warn" data-testid="seal-mismatch">
              {t('seal.mismatch', { seal: u })}
            </p>
          ))}
          {matched < selected.seals.length && (
            <label className="typed">
              {t('seal.typed')}
              <input
                name="sealNo"
                data-testid="typed-seal"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoCapitalize="characters"
                autoComplete="off"
                maxLength={40}
                inputMode="text"
              />
              {typed.trim() !== '' && !typedNo && <span className="error" data-testid="typed-bad">{t('seal.typed.bad')}</span>}
              {typedNo && !selected.seals.some((s) => (checkTyped(s.sealNo) ?? s.sealNo).startsWith(typedNo)) && (
                <span className="error" data-testid="typed-not-on-note">{t('seal.typed.notOnNote', { seal: typedNo })}</span>
              )}
            </label>
          )}
          {selected.side === 'origin' ? (
            <button className="primary big" data-testid="apply-submit" disabled={matched === 0 || decoding} onClick={() => void submit('apply')}>
              {t('seal.apply', { n: matched })}
            </button>
          ) : (
            <>
              <button className="primary big" data-testid="remove-submit" disabled={matched === 0 || decoding} onClick={() => void submit('remove')}>
                {t('seal.remove', { n: matched })}
              </button>
              <button className="secondary" data-testid="check-submit" disabled={(matched === 0 && unexpected.length === 0) || decoding} onClick={() => void submit('check')}>
                {unexpected.length ? t('seal.reportMismatch') : t('seal.check')}
              </button>
            </>
          )}
          <div className="row">
            <button className="secondary" data-testid="seal-photo" onClick={openCamera}>
              {photo ? t('seal.retake') : t('seal.takePhoto')}
            </button>
            <button className="secondary" onClick={reset}>
              {t('seal.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {(['origin', 'destination'] as const).map((side) => {
            const list = (tasks ?? []).filter((x) => x.side === side);
            if (list.length === 0) return null;
            return (
              <div key={side}>
                <h1>{t(`seal.title.${side}`)}</h1>
                {side === 'origin' && <p className="hint">{t('seal.hint')}</p>}
                <ul className="list">
                  {list.map((x) => (
                    <li key={key(x)}>
                      <button className="card tap" data-testid="seal-task" data-side={side} data-container={x.containerNo} onClick={() => pick(x)}>
                        <span className="mono big" translate="no">{x.containerNo}</span>
                        <span className="muted">
                          {x.plate} · {x.cnNo} · {td('seal.sealType', x.sealType)}
                        </span>
                        <span className="muted">{side === 'origin' ? `→ ${x.destinationName ?? x.destination}` : `← ${x.originName ?? x.origin}`}</span>
                        <span className="mono small" translate="no">{x.seals.map((s) => s.sealNo).join('、')}</span>
                        {waiting.has(key(x)) && <span className="badge pending">{t('care.waitingUpload')}</span>}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
          {showEmpty && tasks && tasks.length === 0 && <p className="card empty">{t('seal.empty')}</p>}
          {nfc === 'off' && (tasks ?? []).length > 0 && (
            <button className="secondary wide" data-testid="nfc-enable" onClick={() => void enableNfc()}>
              {t('seal.nfc.enable')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
