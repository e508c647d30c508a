// The field app: drivers, responsible persons and customs officers on site, on a phone.
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './App.tsx';
import { I18nProvider } from './i18n.ts';

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(() => undefined);
  });
}

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <App />
  </I18nProvider>,
);
