// The parts of the platform the note operations use. They serve JSON requests, uploads and the
// field app's photo confirmations alike, and know nothing of HTTP: the caller passes who acts (an
// audit-trail Actor) and the Principal whose roles and company decide what they may do.
import type { Platform } from '../platform.ts';

export type NoteServices = Pick<Platform, 'db' | 'inputs' | 'log'>;
