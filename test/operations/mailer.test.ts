import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { smtpMailer } from '../../src/reports/mailer.ts';

describe('report mail over SMTP', () => {
  let server: SMTPServer;
  let port = 0;
  const received: { to: string[]; data: string }[] = [];
  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the report with its attachment to every recipient', async () => {
    const mailer = smtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'SealWatch <reports@customs.example>' });
    await mailer.send({
      to: ['a@customs.example', 'b@customs.example'],
      subject: 'SealWatch 加封統計報表 2026-01-01',
      text: 'January',
      attachments: [{ filename: 'sealings-2026-01-01.csv', content: Buffer.from('\ufeff月份,櫃數\r\n2026-01,3\r\n'), contentType: 'text/csv; charset=utf-8' }],
    });
    assert.equal(received.length, 1);
    assert.deepEqual(received[0].to, ['a@customs.example', 'b@customs.example']);
    assert.match(received[0].data, /filename=sealings-2026-01-01\.csv/);
    assert.match(received[0].data, /From: SealWatch <reports@customs\.example>/);
  });

  it('says mail is disabled without SMTP_URL', async () => {
    await assert.rejects(smtpMailer({ from: 'x@y.z' }).send({ to: ['a@b.c'], subject: 's', text: 't' }), /SMTP_URL is unset/);
  });
});
