// The console's string tables over the shared mechanism (web/shared/i18n.ts); zh-TW is the default
// and the source of the keys.
import { createI18n, type I18n } from '../../shared/i18n.ts';
import { en } from './en.ts';
import { zhTW } from './zh-TW.ts';

export type { Lang } from './lang.ts';
export type MessageKey = keyof typeof zhTW;
export type Translate = I18n<MessageKey>['t'];

export const { I18nProvider, useI18n } = createI18n<MessageKey>({ 'zh-TW': zhTW, en }, 'sw.lang');
