// The base both web apps share (web/shared): ROC dates on the Taipei calendar, the translation
// lookup with its fallbacks, and the API client turning problem details into errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, createApi, problemError } from '../../web/shared/api-client.ts';
import { interpolate, lookup, lookupDynamic, storedLang, type Tables } from '../../web/shared/i18n.ts';
import { loginFailure } from '../../web/shared/session.ts';
import { formatDateTime, formatDay } from '../../web/shared/time.ts';

describe('shared time formatting', () => {
  it('gives the Taipei calendar day, not UTC\'s, across the date line', () => {
    // 16:30 UTC on 5 March is 00:30 on 6 March in Taipei.
    assert.equal(formatDay('2025-03-05T16:30:00Z', 'zh-TW'), '114/03/06');
    assert.equal(formatDay('2025-03-05T15:59:59Z', 'zh-TW'), '114/03/05');
    assert.equal(formatDay('2025-03-05T16:30:00Z', 'en'), '2025-03-06');
  });
  it('turns the ROC year at Taipei midnight on New Year', () => {
    // 2024-12-31T16:00Z is 2025-01-01 00:00 in Taipei: ROC 114.
    assert.equal(formatDateTime('2024-12-31T15:59:59Z', 'zh-TW'), '113/12/31 23:59:59');
    assert.equal(formatDateTime('2024-12-31T16:00:00Z', 'zh-TW'), '114/01/01 00:00:00');
    assert.equal(formatDateTime('2024-12-31T16:00:00Z', 'en', { seconds: false }), '2025-01-01 00:00');
  });
  it('shows a dash for a missing or unreadable time', () => {
    assert.equal(formatDateTime(null, 'zh-TW'), '—');
    assert.equal(formatDay('not a date', 'en'), '—');
  });
});

describe('shared translations', () => {
  const tables: Tables<'greet' | 'only.zh' | 'state.locked' | 'state.null'> = {
    'zh-TW': { greet: '你好，{name}', 'only.zh': '只有中文', 'state.locked': '已上鎖', 'state.null': '未回報' },
    en: { greet: 'Hello, {name}', 'state.locked': 'Locked', 'state.null': 'No report' },
  };
  it('falls back to the Chinese text when English lacks the key, then to the key', () => {
    assert.equal(lookup(tables, 'en', 'only.zh'), '只有中文');
    assert.equal(lookup(tables, 'en', 'no.such' as 'greet'), 'no.such');
  });
  it('fills placeholders and leaves one without a value visible', () => {
    assert.equal(lookup(tables, 'en', 'greet', { name: 'Lin' }), 'Hello, Lin');
    assert.equal(interpolate('{n} of {total}', { n: 3 }), '3 of {total}');
  });
  it('translates server values, null included, and shows an unknown one as sent', () => {
    assert.equal(lookupDynamic(tables, 'zh-TW', 'state', 'locked'), '已上鎖');
    assert.equal(lookupDynamic(tables, 'en', 'state', null), 'No report');
    assert.equal(lookupDynamic(tables, 'en', 'state', 'melted'), 'melted');
  });
  it('starts in Traditional Chinese unless English was chosen before', () => {
    const storage = (value: string | null) => ({ getItem: () => value });
    assert.equal(storedLang('k', storage(null)), 'zh-TW');
    assert.equal(storedLang('k', storage('fr')), 'zh-TW');
    assert.equal(storedLang('k', storage('en')), 'en');
  });
});

describe('shared API client', () => {
  const problem = {
    type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'The content is not valid',
    errors: [{ path: '/body/name', message: 'must not be empty' }, { path: '/body/geometry/coordinates', message: 'must be a closed ring' }],
  };
  const answer = (status: number, body: unknown, type = 'application/problem+json') =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });

  it('turns a problem+json answer into an error carrying its field errors', async () => {
    const err = await problemError(answer(422, problem));
    assert.equal(err.status, 422);
    assert.equal(err.title, 'Unprocessable Content');
    assert.equal(err.message, 'The content is not valid');
    assert.deepEqual(err.errors, problem.errors);
    assert.equal(err.fieldError('name'), 'must not be empty');
    assert.equal(err.fieldError('coordinates'), 'must be a closed ring');
    assert.equal(err.fieldError('plate'), undefined);
  });
  it('rejects a request with that error, and reports an ended session', async () => {
    let ended = 0;
    const api = createApi({ fetch: async () => answer(422, problem) });
    await assert.rejects(api.post('/facilities', { name: '' }), (e) => e instanceof ApiError && e.errors.length === 2);
    const gone = createApi({ fetch: async () => answer(401, { title: 'Unauthorized', status: 401, detail: 'Session expired' }) });
    gone.onUnauthorized(() => ended++);
    await assert.rejects(gone.get('/trips'), (e) => e instanceof ApiError && e.status === 401 && e.detail === 'Session expired');
    assert.equal(ended, 1);
    // A wrong password is not an ended session.
    await assert.rejects(gone.post('/auth/login', { username: 'a', password: 'b' }));
    assert.equal(ended, 1);
  });
  it('keeps the status line when the answer is not a problem', async () => {
    const err = await problemError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    assert.equal(err.status, 502);
    assert.equal(err.title, 'Bad Gateway');
    assert.deepEqual(err.errors, []);
  });
  it('is offline (status 0) when the request never reached the server', async () => {
    const api = createApi({ fetch: async () => { throw new TypeError('Failed to fetch'); } });
    const err = await api.get('/auth/me').catch((e: unknown) => e);
    assert.ok(err instanceof ApiError && err.offline);
    assert.equal(loginFailure(err), 'offline');
  });
  it('sends the bearer token when given one, under /api/v1', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const api = createApi({
      token: () => 'sws_abc',
      fetch: async (url, init) => {
        seen.push({ url: String(url), auth: (init?.headers as Record<string, string>).authorization });
        return answer(200, [{ tripId: 'TR-1' }], 'application/json');
      },
    });
    assert.deepEqual(await api.get('/trips'), [{ tripId: 'TR-1' }]);
    assert.deepEqual(seen, [{ url: '/api/v1/trips', auth: 'Bearer sws_abc' }]);
  });
});
