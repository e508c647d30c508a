// Validation errors from a 422 answer, by field, so each is shown beside the input it concerns.
import { useState } from 'react';
import { ApiError } from '../api/client.ts';

export function useFieldErrors() {
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [general, setGeneral] = useState<string | null>(null);
  return {
    errors,
    general,
    clear() {
      setErrors([]);
      setGeneral(null);
    },
    set(list: { path: string; message: string }[], message: string | null = null) {
      setErrors(list);
      setGeneral(message);
    },
    fromError(err: unknown) {
      if (err instanceof ApiError) {
        setErrors(err.errors);
        setGeneral(err.errors.length ? null : err.detail || err.title);
      } else setGeneral(err instanceof Error ? err.message : String(err));
    },
    /** Messages for a field: "/body/name" matches "name"; "/body/area/coordinates/0/3" matches "area". */
    of(field: string): string[] {
      return errors.filter((e) => e.path.replace(/^\/body/, '').split('/')[1] === field).map((e) => e.message);
    },
  };
}
export type FieldErrorState = ReturnType<typeof useFieldErrors>;

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
