import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { retryDelayMs, DEFAULT_BACKOFF } from '../../src/webhooks/backoff.ts';
import { signatureHeader, verifySignature } from '../../src/webhooks/signature.ts';

const secret = 'whsec_test';
const body = '{"event":"transportNote.incoming","data":{"cnNo":"CN00000001"}}';
const t = 1_750_000_000;

describe('webhook signatures', () => {
  it('signs "t.body" with HMAC-SHA256 as t=<unix>,v1=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    assert.equal(signatureHeader(secret, body, t), `t=${t},v1=${expected}`);
  });

  it('verifies a good signature, from a string or the raw bytes', () => {
    const h = signatureHeader(secret, body, t);
    assert.equal(verifySignature(secret, h, body, 300, t + 10), true);
    assert.equal(verifySignature(secret, h, Buffer.from(body), 300, t - 10), true);
  });

  it('fails a tampered body, a wrong secret, an old timestamp and a malformed header', () => {
    const h = signatureHeader(secret, body, t);
    assert.equal(verifySignature(secret, h, body.replace('CN00000001', 'CN00000002'), 300, t), false);
    assert.equal(verifySignature('whsec_other', h, body, 300, t), false);
    assert.equal(verifySignature(secret, h, body, 300, t + 301), false, 'too old');
    assert.equal(verifySignature(secret, h.replace(`t=${t}`, `t=${t + 100}`), body, 300, t + 100), false, 'timestamp is signed');
    assert.equal(verifySignature(secret, undefined, body, 300, t), false);
    assert.equal(verifySignature(secret, 'v1=abc', body, 300, t), false);
  });

  it('accepts one matching signature among several (secret rotation)', () => {
    const good = signatureHeader(secret, body, t).split(',')[1];
    const other = signatureHeader('whsec_old', body, t).split(',')[1];
    assert.equal(verifySignature(secret, `t=${t},${other},${good}`, body, 300, t), true);
  });
});

describe('webhook retry schedule', () => {
  it('doubles from 10 s up to 1 h, with jitter between half and all of it', () => {
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, () => 1), 10_000);
    assert.equal(retryDelayMs(1, DEFAULT_BACKOFF, () => 0), 5_000);
    assert.equal(retryDelayMs(3, DEFAULT_BACKOFF, () => 1), 40_000);
    assert.equal(retryDelayMs(11, DEFAULT_BACKOFF, () => 1), 3_600_000);
    assert.equal(retryDelayMs(30, DEFAULT_BACKOFF, () => 0.5), 2_700_000);
  });
});
