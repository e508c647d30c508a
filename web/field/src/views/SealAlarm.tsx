// A seal of the driver's task in trouble (tampered, unlocked on the way, or its link lost): what to
// do, and a button that calls the monitoring centre.
import type { SealView } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

/** Trip states in which the seals should be locked: an unlocked seal then is a problem. */
const SEALED_STATES = ['sealed', 'confirmed', 'in_transit'];

export function abnormality(seal: Pick<SealView, 'state' | 'link'>, tripState: string | null): MessageKey | null {
  if (seal.state === 'tampered') return 'care.abnormal.tampered';
  if (seal.state === 'unlocked' && tripState && SEALED_STATES.includes(tripState)) return 'care.abnormal.unlocked';
  if (seal.link === 'lost') return 'care.abnormal.linkLost';
  return null;
}

/** The badge class of a seal state: only a locked seal looks sealed. */
export function stateClass(state: string | null): string {
  if (state === 'locked' || state === 'tampered' || state === 'unlocked') return state;
  return 'pending';
}

export function SealAlarm({ seal, what, phone }: { seal: SealView; what: MessageKey; phone: string | null }) {
  const { t } = useI18n();
  return (
    <div className="card alarm" role="alert" data-testid="seal-alarm" data-seal={seal.id}>
      <h2>{t('care.abnormal.title', { seal: seal.id })}</h2>
      <p>{t(what)}</p>
      {phone ? (
        <a className="danger big call" href={`tel:${phone.replace(/[^0-9+#]/g, '')}`} data-testid="call-centre">
          {t('care.call', { phone })}
        </a>
      ) : (
        <p className="error">{t('care.callDispatcher')}</p>
      )}
    </div>
  );
}
