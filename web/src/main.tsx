// Entry point: settings and the server's capabilities first, then the console.
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { App } from './App.tsx';
import { loadCapabilities } from './api/capabilities.ts';
import { ConfigContext, loadWebConfig } from './api/config.tsx';
import { I18nProvider } from './i18n/index.tsx';
import { SessionProvider } from './session/session.tsx';

async function start() {
  const config = await loadWebConfig();
  createRoot(document.getElementById('root')!).render(
    <ConfigContext.Provider value={config}>
      <I18nProvider>
        <SessionProvider>
          <App loadCapabilities={loadCapabilities} />
        </SessionProvider>
      </I18nProvider>
    </ConfigContext.Provider>,
  );
}
start();
