// The public home: what customs publishes, and the published lists (certified devices, fleets).
import { useEffect, useState } from 'react';
import { formatDay } from '../../../shared/time.ts';
import { api, type Announcement } from '../api.ts';
import { useI18n } from '../i18n.ts';

interface Model { model: string; deviceKind: string; manufacturer: string; supplier: string; approvedAt: string | null }
interface Fleet { companyUbn: string; name: string; vehicles: number; approvedAt: string | null }

export function HomeView() {
  const { t, td, lang } = useI18n();
  const [items, setItems] = useState<Announcement[] | null>(null);
  const [models, setModels] = useState<Model[]>([]);
  const [fleets, setFleets] = useState<Fleet[]>([]);
  useEffect(() => {
    api.get<Announcement[]>('/portal/announcements').then(setItems, () => setItems([]));
    api.get<Model[]>('/portal/certified-devices').then(setModels, () => undefined);
    api.get<Fleet[]>('/portal/approved-fleets').then(setFleets, () => undefined);
  }, []);
  const news = (items ?? []).filter((a) => a.kind === 'news');
  const downloads = (items ?? []).filter((a) => a.kind === 'download');
  return (
    <div data-testid="home">
      <p className="muted">{t('home.welcome')}</p>
      <div className="grid">
        <section className="card">
          <h1>{t('home.news')}</h1>
          {news.length === 0 && <p className="empty">{t('home.none')}</p>}
          <ul className="list" data-testid="news">
            {news.map((a) => (
              <li key={a.id}>
                <strong>{a.title}</strong> <span className="muted small">{formatDay(a.publishedAt, lang)}</span>
                {a.body && <p style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{a.body}</p>}
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h1>{t('home.downloads')}</h1>
          {downloads.length === 0 && <p className="empty">{t('home.none')}</p>}
          <ul className="list" data-testid="downloads">
            {downloads.map((a) => (
              <li key={a.id}>
                <span className="badge">{td('cat', a.category)}</span>{' '}
                {a.file ? <a href={a.file.href} download={a.file.name}>{a.title}</a> : a.title}
                <span className="muted small"> {formatDay(a.publishedAt, lang)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <h1>{t('home.devices')}</h1>
          <div className="table-wrap">
            <table data-testid="certified-devices">
              <thead><tr><th>{t('col.model')}</th><th>{t('col.kind')}</th><th>{t('col.manufacturer')}</th><th>{t('col.supplier')}</th><th>{t('col.approvedAt')}</th></tr></thead>
              <tbody>
                {models.map((m) => (
                  <tr key={m.model + m.supplier}><td>{m.model}</td><td>{td('deviceKind', m.deviceKind)}</td><td>{m.manufacturer}</td><td>{m.supplier}</td><td>{m.approvedAt ? formatDay(m.approvedAt, lang) : ''}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          {models.length === 0 && <p className="empty">{t('home.none')}</p>}
        </section>
        <section className="card">
          <h1>{t('home.fleets')}</h1>
          <div className="table-wrap">
            <table data-testid="approved-fleets">
              <thead><tr><th>{t('col.company')}</th><th>{t('col.vehicles')}</th><th>{t('col.approvedAt')}</th></tr></thead>
              <tbody>
                {fleets.map((f) => (
                  <tr key={f.companyUbn}><td>{f.name} <span className="muted small">{f.companyUbn}</span></td><td>{f.vehicles}</td><td>{f.approvedAt ? formatDay(f.approvedAt, lang) : ''}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          {fleets.length === 0 && <p className="empty">{t('home.none')}</p>}
        </section>
      </div>
    </div>
  );
}
