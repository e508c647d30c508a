// The console's form errors: the shared hook (web/shared/field-errors.ts) in the console's
// language, and the list that shows a form's errors that belong to no one field.
import { useFieldErrors as useSharedFieldErrors } from '../../shared/field-errors.ts';
import { useI18n } from '../i18n/index.tsx';

export type { FieldErrorState } from '../../shared/field-errors.ts';

export function useFieldErrors() {
  return useSharedFieldErrors(useI18n().lang);
}

export function FieldMessages({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="form-error" role="alert" data-testid="field-error">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}
