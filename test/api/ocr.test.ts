// POST /api/v1/ocr: a picture as the raw body or as multipart/form-data ("image"), answered like
// `sealwatch ocr`; customs and yard systems only; size-limited; a bad upload is a problem detail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blankDoor, doorImage } from '../../bench/lib/door-images.ts';
import { OCR_MAX_BYTES } from '../../src/api/routes/ocr.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const URL = '/api/v1/ocr';
const door = doorImage(7, 6, { tiltDeg: -2, blurPx: 0, noise: 2, jpegQuality: 85 });

function multipart(parts: { name: string; filename?: string; type?: string; body: Buffer | string }[]) {
  const boundary = 'sealwatch-ocr-test';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('POST /ocr', { timeout: 180_000 }, () => {
  let t: TestApp;
  let lane: string;
  let officer: string;
  let fleet: string;
  const post = (token: string | undefined, payload: Buffer | string, contentType: string) =>
    t.app.inject({ method: 'POST', url: URL, payload, headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  before(async () => {
    t = await testApp();
    lane = await t.keyFor('12345681', ['yard_operator']);
    officer = await t.userFor('12345681', ['customs_officer']);
    fleet = await t.keyFor('12345704', ['fleet_operator']);
  });
  after(() => t.close());

  it('reads a picture sent as the body', async () => {
    const r = await post(lane, door.bytes, 'image/jpeg');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.file, null);
    assert.equal(body.containerNo, door.containerNo);
    assert.ok(body.confidence > 0 && body.confidence <= 1);
    assert.equal(body.plate, door.plate);
  });

  it('reads a picture sent as multipart, naming its file; null when the door shows no number', async () => {
    const m = multipart([{ name: 'image', filename: 'lane-3 frame 0042.jpg', type: 'image/jpeg', body: blankDoor(5) }]);
    const r = await t.app.inject({ method: 'POST', url: URL, payload: m.payload, headers: { ...m.headers, authorization: `Bearer ${officer}` } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { file: 'lane-3 frame 0042.jpg', containerNo: null, confidence: 0 });
  });

  it('answers only customs and the yard systems', async () => {
    assert.equal((await post(undefined, door.bytes, 'image/jpeg')).statusCode, 401);
    const r = await post(fleet, door.bytes, 'image/jpeg');
    assert.equal(r.statusCode, 403);
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('refuses a picture over the size limit with 413', async () => {
    const r = await post(lane, Buffer.alloc(OCR_MAX_BYTES + 1, 0xff), 'image/jpeg');
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().status, 413);
    const m = multipart([{ name: 'image', filename: 'big.jpg', type: 'image/jpeg', body: Buffer.alloc(OCR_MAX_BYTES + 1, 0xff) }]);
    const rm = await t.app.inject({ method: 'POST', url: URL, payload: m.payload, headers: { ...m.headers, authorization: `Bearer ${lane}` } });
    assert.equal(rm.statusCode, 413);
    assert.deepEqual(rm.json().errors.map((e: { path: string }) => e.path), ['/body/image']);
  });

  it('names what is wrong with a bad upload in a problem detail', async () => {
    const notImage = await post(lane, 'this is not a picture', 'image/png');
    assert.equal(notImage.statusCode, 422);
    assert.equal(notImage.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(notImage.json().errors[0].path, '/body');
    assert.match(notImage.json().errors[0].message, /not an image/);

    const empty = await post(lane, Buffer.alloc(0), 'image/jpeg');
    assert.equal(empty.statusCode, 422, empty.body);

    const wrongField = multipart([{ name: 'photo', filename: 'a.jpg', type: 'image/jpeg', body: door.bytes }]);
    const wf = await t.app.inject({ method: 'POST', url: URL, payload: wrongField.payload, headers: { ...wrongField.headers, authorization: `Bearer ${lane}` } });
    assert.equal(wf.statusCode, 422);
    assert.deepEqual(wf.json().errors.map((e: { path: string }) => e.path).sort(), ['/body/image', '/body/photo']);

    const badPart = multipart([{ name: 'image', filename: 'a.jpg', type: 'image/jpeg', body: 'GIF89a but not really' }]);
    const bp = await t.app.inject({ method: 'POST', url: URL, payload: badPart.payload, headers: { ...badPart.headers, authorization: `Bearer ${lane}` } });
    assert.equal(bp.statusCode, 422);
    assert.equal(bp.json().errors[0].path, '/body/image');

    const json = await t.request('POST', URL, lane, { image: 'base64...' });
    assert.equal(json.statusCode, 415);
  });
});
