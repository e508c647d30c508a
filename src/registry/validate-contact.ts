// How the monitoring centre reaches people about a trip: a driver's phone, a company's contact
// person and phone (the alert card, src/alert-procedures/context.ts). Phones are taken as people
// write them, with spaces, dashes, brackets, a leading + and an extension after #, but must hold
// enough digits to be dialled.
import { Type } from '@sinclair/typebox';
import type { FieldErrorSink } from './validate-common.ts';

/** The fewest digits a number anyone could dial has (a short local number). */
export const MIN_PHONE_DIGITS = 6;

export const PhoneSchema = (description: string) =>
  Type.String({ minLength: MIN_PHONE_DIGITS, maxLength: 30, pattern: '^\\+?[0-9(][0-9 ()#-]*$', description, examples: ['+886-7-5612311'] });

export const ContactNameSchema = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

/** A phone as stored (trimmed), or undefined when none was given. */
export function checkPhone(value: string | undefined, path: string, errs: FieldErrorSink): string | undefined {
  if (value === undefined) return undefined;
  const digits = value.replace(/\D/g, '').length;
  if (digits < MIN_PHONE_DIGITS) {
    errs.add(path, `a phone number has at least ${MIN_PHONE_DIGITS} digits, this has ${digits}`, 'phone.digits', { min: MIN_PHONE_DIGITS, actual: digits });
  }
  return value.trim();
}

/** A contact name as stored (trimmed); only spaces is no name. */
export function checkContactName(value: string | undefined, path: string, errs: FieldErrorSink): string | undefined {
  if (value === undefined) return undefined;
  const name = value.trim();
  if (!name) errs.add(path, 'must not be blank', 'string.too_short', { limit: 1 });
  return name;
}
