// A secret the server shows only at creation: shown once here, with a copy button, until dismissed.
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

export function SecretOnce({ title, note, secret, onDone }: { title: string; note: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-box" role="status" data-testid="secret-once">
      <strong>{title}</strong>
      <code className="mono" translate="no" data-value="" data-testid="secret-value">
        {secret}
      </code>
      <p className="muted">{note}</p>
      <div className="modal-actions">
        <button
          type="button"
          className="small"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined);
          }}
        >
          {copied ? t('keys.copied') : t('keys.copy')}
        </button>
        <button type="button" className="small primary" onClick={onDone} data-testid="secret-done">
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
