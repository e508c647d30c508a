// One button that flips between Traditional Chinese and English.
import { useI18n } from '../i18n/index.tsx';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="lang-switch" data-testid="lang-switch" onClick={() => setLang(lang === 'zh-TW' ? 'en' : 'zh-TW')}>
      {t('lang.switch')}
    </button>
  );
}
