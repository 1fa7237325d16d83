import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createHttpApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { dropDatabase, withAdminClient } from '../support/databases';
import { addUser, anAgency } from '../support/factories';
import { createTestApp, createTestDatabase, deleteRedisKeys, TestApp, testEnv } from '../support/test-app';
import { eventually, recordEvent } from '../support/eventually';

interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives. */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; inbox: Mail[] }> {
  const inbox: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, inbox };
}

/** A header of a raw message, unfolded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();
}



describe('e-mail', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Reclaim <notify@reclaim.test>', PUBLIC_BASE_URL: 'https://app.reclaim.test' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  it('sends the event’s e-mail to each recipient through the SMTP server, with its subject', async () => {
    const agency = await anAgency(t).build();
    const agent = await addUser(t, agency, 'agent');
    const viewer = await addUser(t, agency, 'viewer');
    const eventId = await recordEvent(t, 'job.offered', [agency.orgId], { job_id: 'j1', job_title: 'Repossession 1HGCM82633A004352', accept_deadline: '2025-06-15T14:00:00.000Z' });

    const mails = await eventually(async () => {
      const mine = smtp.inbox.filter((m) => header(m.raw, 'X-Reclaim-Event-Id') === eventId);
      return mine.length >= 2 && mine;
    });
    await new Promise((r) => setTimeout(r, 300));
    const sent = smtp.inbox.filter((m) => header(m.raw, 'X-Reclaim-Event-Id') === eventId);
    expect(sent.map((m) => m.to).flat().sort()).toEqual([agency.email, agent.email].sort());
    expect(sent.map((m) => m.to).flat()).not.toContain(viewer.email);
    for (const mail of mails) {
      expect(mail.from).toBe('notify@reclaim.test');
      expect(header(mail.raw, 'Subject')).toBe('Job offered: Repossession 1HGCM82633A004352');
      expect(header(mail.raw, 'To')).toBe(mail.to[0]);
      expect(header(mail.raw, 'Content-Type')).toMatch(/multipart\/alternative/);
      expect(mail.raw).toContain('Accept it by 2025-06-15 14:00 UTC or it expires.');
      expect(mail.raw).toContain('https://app.reclaim.test/jobs/j1');
      expect(mail.raw).toMatch(/text\/html/);
    }

    const log = await eventually(async () => {
      const rows = await t.db.query(`SELECT to_address, subject, status, attempts, sent_at FROM email_log WHERE event_id = $1 ORDER BY to_address`, [eventId]);
      return rows.every((r: { status: string }) => r.status === 'sent') && rows;
    });
    expect(log).toEqual(
      [agency.email, agent.email].sort().map((to) => ({ to_address: to, subject: 'Job offered: Repossession 1HGCM82633A004352', status: 'sent', attempts: 1, sent_at: expect.any(Date) })),
    );
  });

  it('sends nothing for events that reach nobody', async () => {
    const agency = await anAgency(t).build();
    const eventId = await recordEvent(t, 'job.progress', [agency.orgId], { job_id: 'j1' });
    await eventually(async () => (await t.db.query(`SELECT 1 FROM event_consumptions WHERE event_id = $1`, [eventId])).length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.inbox.some((m) => header(m.raw, 'X-Reclaim-Event-Id') === eventId)).toBe(false);
    expect(await t.db.query(`SELECT 1 FROM email_log WHERE event_id = $1`, [eventId])).toEqual([]);
  });

  it('is off without SMTP_URL, and says so at boot', async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = loadConfig(testEnv(database, `test:${database}`, { LOG_LEVEL: 'info' }));
    const app = await createHttpApp(config, { logger: pino({ level: 'info' }, sink) });
    try {
      await app.init();
      expect(lines.some((l) => l.includes('e-mail is off: SMTP_URL is not set'))).toBe(true);
    } finally {
      await app.close();
      await withAdminClient((client) => dropDatabase(client, database));
      await deleteRedisKeys(`test:${database}`);
    }
  });
});
