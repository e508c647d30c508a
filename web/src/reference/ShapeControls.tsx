// Draw / finish / import controls for the shape a form is editing.
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import type { GeometryEditor } from './GeometryEditor.ts';

export function ShapeControls({ editor, vertices, onImport, disabled }: { editor: GeometryEditor | null; vertices: number; onImport: (text: string) => void; disabled?: boolean }) {
  const { t } = useI18n();
  const [drawing, setDrawing] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="shape-controls">
      <div className="row">
        {!drawing ? (
          <button
            type="button"
            disabled={!editor || disabled}
            data-testid="draw-shape"
            onClick={() => {
              editor?.startDrawing();
              setDrawing(true);
            }}
          >
            {t('ref.draw')}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="finish-shape"
            onClick={() => {
              editor?.finishDrawing();
              setDrawing(false);
            }}
          >
            {t('ref.finish')}
          </button>
        )}
        <button type="button" disabled={disabled} onClick={() => file.current?.click()}>
          {t('ref.import')}
        </button>
        <input
          ref={file}
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          hidden
          data-testid="import-geojson"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) onImport(await f.text());
            e.target.value = '';
          }}
        />
        <span className="muted">{t('ref.vertices', { n: vertices })}</span>
      </div>
      {drawing ? <p className="draw-hint">{t('ref.drawHint')}</p> : vertices > 0 && !disabled && <p className="muted">{t('ref.editVertices')}</p>}
    </div>
  );
}
