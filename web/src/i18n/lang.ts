// The console's languages: Traditional Chinese (Taiwan) by default, English on request.
export type { Lang } from '../../shared/i18n.ts';
