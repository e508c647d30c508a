// The portal (入口網): the trade's web app and the public home of what customs publishes.
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './App.tsx';
import { I18nProvider } from './i18n.ts';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <App />
  </I18nProvider>,
);
