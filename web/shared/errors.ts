// The API's errors in the reader's language. Every field error and some whole refusals carry a
// stable code and its params (docs/error-codes.md); this turns them into zh-TW or English text. The
// server's English message is shown only for a code this table does not know (a newer server), and
// for the generic `invalid` code, which has nothing more specific to say.
import { ApiError } from './api-client.ts';
import { ERROR_MESSAGES } from './error-messages.ts';
import { interpolate, type Lang } from './i18n.ts';
import { formatDateTime } from './time.ts';

export interface CodedError {
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

const PARAM_PREFIX: Record<string, string> = {
  roles: 'role', role: 'role', type: 'type', format: 'format', low: 'name', high: 'name', kind: 'deviceKind', sealType: 'sealType', uses: 'roleUse',
  resource: 'resource',
};

/** A counted item of a list (`vehicles:3`): its words say how many, as `{n}`. */
const COUNTED = /^(.+):(\d+)$/;

/** Params named `at` are instants: shown in Taipei time, as every time in the apps is. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A param whose value is itself a code (role names, a type, a field) in words; lists keep their order. */
function translateParam(lang: Lang, name: string, value: string | number): string | number {
  if (name === 'at' && typeof value === 'string' && ISO_INSTANT.test(value)) return formatDateTime(value, lang);
  const prefix = PARAM_PREFIX[name];
  if (!prefix || typeof value !== 'string') return value;
  const table = ERROR_MESSAGES[lang];
  const parts = value.split(/,\s*/).map((v) => {
    const [, item, n] = COUNTED.exec(v) ?? [v, v, undefined];
    const words = table[`${prefix}.${item}`];
    return words === undefined ? v : interpolate(words, n === undefined ? undefined : { n });
  });
  return parts.join(lang === 'zh-TW' ? '、' : ', ');
}

/** One field error (or a refusal's code and params) as text in `lang`. */
export function errorText(e: CodedError, lang: Lang): string {
  const table = ERROR_MESSAGES[lang];
  const code = e.code;
  if (!code || code === 'invalid' || !(code in table)) return e.message;
  const params = e.params ?? {};
  // Some things not found read better as a sentence of their own than as "no {resource} {id}".
  const ownSentence = `not_found.${params.resource}`;
  let key = code;
  if (code === 'not_found' && ownSentence in table) key = ownSentence;
  else if (code === 'string.too_short' && Number(params.limit) === 1) key = 'string.too_short.1';
  const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, translateParam(lang, k, v)]));
  const text = interpolate(table[key], values);
  return Number(params.swapped) === 1 ? text + table['geo.swapped'] : text;
}

/** The field errors of a failure, each in words; empty when it has none. */
export function fieldErrorTexts(err: unknown, lang: Lang): { path: string; text: string }[] {
  if (!(err instanceof ApiError)) return [];
  return err.errors.map((e) => ({ path: e.path, text: errorText(e, lang) }));
}

/**
 * A whole failure in one line: its own code when it has one (a role refusal), else its field
 * errors, else what its status means. In English the server's detail says more than the status, so
 * it is shown; in zh-TW the status's words stand in for it.
 */
export function apiErrorText(err: unknown, lang: Lang): string {
  const table = ERROR_MESSAGES[lang];
  if (!(err instanceof ApiError)) return lang === 'en' && err instanceof Error ? err.message : table['status.500'];
  if (err.code && err.code in table) return errorText({ code: err.code, params: err.params, message: err.detail }, lang);
  if (err.errors.length) return err.errors.map((e) => errorText(e, lang)).join(lang === 'zh-TW' ? '；' : '; ');
  if (lang === 'en' && err.detail) return err.detail;
  const status = err.status >= 500 && err.status !== 503 ? 500 : err.status;
  return table[`status.${status}`] ?? (lang === 'en' ? err.detail || err.title : table['status.400']);
}
