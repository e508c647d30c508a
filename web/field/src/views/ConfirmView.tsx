// The responsible person's sealing confirmation in three taps: tap the container (the camera
// opens), take the photo of the door, tap confirm.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type PendingContainer } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { apiErrorText } from '../../../shared/errors.ts';

export function ConfirmView() {
  const { t, td, lang } = useI18n();
  const [list, setList] = useState<PendingContainer[] | null>(null);
  const [selected, setSelected] = useState<PendingContainer | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const camera = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => {
    api.get<PendingContainer[]>('/field/pending-confirmations').then(setList, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const id = setInterval(refresh, 10_000);
    return () => clearInterval(id);
  }, [refresh]);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  // Tap 1: the container; the camera opens at once (same gesture).
  const pick = (c: PendingContainer) => {
    setSelected(c);
    setMessage(null);
    if (camera.current) {
      camera.current.value = '';
      camera.current.click();
    }
  };
  // Tap 2 happens in the camera: the photo arrives here.
  const taken = (file: File | undefined) => {
    if (!file) return;
    setPhoto(file);
    setPreview(URL.createObjectURL(file));
  };
  const reset = () => {
    setSelected(null);
    setPhoto(null);
    setPreview(null);
  };
  // Tap 3: confirm.
  const confirm = async () => {
    if (!selected || !photo) return;
    setBusy(true);
    const form = new FormData();
    form.set('cnNo', selected.cnNo);
    form.set('containerNo', selected.containerNo);
    form.set('photo', photo, photo.name || 'door.jpg');
    try {
      await api.upload('/field/confirmations', form);
      setMessage({ kind: 'ok', text: t('confirm.done', { container: selected.containerNo }) });
      reset();
      refresh();
    } catch (err) {
      const e = err as ApiError;
      setMessage({ kind: 'error', text: e.status === 0 ? t('error.network') : t('error.generic', { detail: apiErrorText(e, lang) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <input ref={camera} type="file" accept="image/*" capture="environment" hidden data-testid="camera" onChange={(e) => taken(e.target.files?.[0])} />
      {message && (
        <p className={`banner ${message.kind === 'ok' ? 'ok' : 'warn'}`} role="status" data-testid="confirm-message">
          {message.text}
        </p>
      )}
      {selected && preview ? (
        <div className="card review" data-testid="confirm-review">
          <h1>{t('confirm.photoOf', { container: selected.containerNo })}</h1>
          <img src={preview} alt={t('confirm.photoOf', { container: selected.containerNo })} />
          <div className="muted">
            {selected.cnNo} · {selected.sealNos.join('、')}
          </div>
          <button className="primary big" data-testid="confirm-submit" onClick={confirm} disabled={busy}>
            {busy ? t('confirm.sending') : t('confirm.submit')}
          </button>
          <div className="row">
            <button className="secondary" onClick={() => pick(selected)} disabled={busy}>
              {t('confirm.retake')}
            </button>
            <button className="secondary" onClick={reset} disabled={busy}>
              {t('confirm.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <h1>{t('confirm.title')}</h1>
          <p className="hint">{t('confirm.tapHint')}</p>
          {list && list.length === 0 && <p className="card empty">{t('confirm.empty')}</p>}
          <ul className="list">
            {(list ?? []).map((c) => (
              <li key={`${c.cnNo}/${c.containerNo}`}>
                <button className="card tap" data-testid="pending" data-container={c.containerNo} onClick={() => pick(c)}>
                  <span className="mono big">{c.containerNo}</span>
                  <span className="muted">
                    {c.plate} · {c.cnNo}
                  </span>
                  <span className="muted">→ {c.destinationName ?? c.destination}</span>
                  <span className={`badge ${c.sealsLocked ? 'locked' : 'none'}`}>
                    {c.sealsLocked ? td('trip', c.tripState ?? 'sealed') : t('confirm.notLocked')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
