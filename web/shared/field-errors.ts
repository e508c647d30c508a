// Validation errors from a 422 answer, by field, so each is shown beside the input it concerns, in
// the reader's language (from each error's code; see errors.ts). Both the console and the portal
// send their forms through it.
import { useState } from 'react';
import { ApiError, type FieldError } from './api-client.ts';
import { apiErrorText, errorText } from './errors.ts';
import type { Lang } from './i18n.ts';

/** The form field a server error path names: "/body/name" is "name"; "/body/area/coordinates/0/3" is "area". */
export const fieldOfPath = (path: string): string => path.replace(/^\/body/, '').split('/')[1] ?? '';

export function useFieldErrors(lang: Lang) {
  const [raw, setRaw] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  // Kept as the server sent them and put in words when shown, so a language switch re-words them.
  const [busy, setBusy] = useState(false);
  const errors = raw.map((e) => ({ ...e, message: errorText(e, lang) }));
  const clear = () => {
    setRaw([]);
    setFailure(null);
  };
  const fromError = (err: unknown) => {
    if (err instanceof ApiError && err.errors.length) {
      setRaw(err.errors);
      setFailure(null);
    } else {
      setRaw([]);
      setFailure(err);
    }
  };
  return {
    errors,
    /** A request sent by submit() is under way (forms disable their button). */
    busy,
    /** Sends a form's request: clears the errors, is busy meanwhile, and keeps what the server refused. */
    async submit(request: () => Promise<void>): Promise<void> {
      clear();
      setBusy(true);
      try {
        await request();
      } catch (err) {
        fromError(err);
      } finally {
        setBusy(false);
      }
    },
    general: failure === null ? null : typeof failure === 'string' ? failure : apiErrorText(failure, lang),
    clear,
    /** Errors found in the browser: in words, or coded like the server's. */
    set(list: FieldError[], message: string | null = null) {
      setRaw(list);
      setFailure(message);
    },
    fromError,
    /** The errors of one field, checked again after it changed, in place of the ones it had. */
    replace(field: string, list: FieldError[]) {
      setRaw((old) => [...old.filter((e) => fieldOfPath(e.path) !== field), ...list]);
    },
    /** Messages for a field: "/body/name" matches "name"; "/body/area/coordinates/0/3" matches "area". */
    of(field: string): string[] {
      return errors.filter((e) => fieldOfPath(e.path) === field).map((e) => e.message);
    },
  };
}
export type FieldErrorState = ReturnType<typeof useFieldErrors>;
