import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createHttpApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { dropDatabase, withAdminClient } from '../support/databases';
import { aSoldLot } from '../support/auction-sales';
import { aVehicleInStorage, aVerifiedBuyer } from '../support/auctions';
import { addUser, aLender, anAgency, loginPlatformAdmin, platformAdminEnv } from '../support/factories';
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
    t = await createTestApp({ ...platformAdminEnv(), SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Reclaim <notify@reclaim.test>', PUBLIC_BASE_URL: 'https://app.reclaim.test' });
  });
  afterEach(() => t.clock.reset());
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

  it('tells the outbid buyer the new price and the winner of a lot its invoice, with the amounts, the due day and the link', async () => {
    const admin = await loginPlatformAdmin(t);
    const lender = await aLender(t).build();
    const [outbid, winner] = [await aVerifiedBuyer(t, admin), await aVerifiedBuyer(t, admin)];
    // 1,000.00 beaten by 1,500.00: the price is 1,050.00 (one 50.00 increment), the premium its 200.00 minimum.
    const { lotId, invoiceId } = await aSoldLot(t, lender, await aVehicleInStorage(t, lender), [
      { buyer: outbid, max: 100_000 },
      { buyer: winner, max: 150_000 },
    ]);
    const [invoice] = await t.db.query(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM auction_invoices WHERE id = $1`, [invoiceId]);
    // Long lines are quoted-printable with soft breaks; the text as the reader sees it has none.
    const mailTo = (email: string, subject: string) =>
      eventually(async () => {
        const mail = smtp.inbox.find((m) => m.to.includes(email) && header(m.raw, 'Subject') === subject);
        return mail && mail.raw.replace(/=\r?\n/g, '');
      });

    const outbidMail = await mailTo(outbid.email, 'Outbid: the price is now USD 1,050.00');
    expect(outbidMail).toContain(`https://app.reclaim.test/auctions/${lotId}`);
    const invoiceMail = await mailTo(winner.email, `You won a lot: invoice of USD 1,250.00, due ${invoice.due_on}`);
    expect(invoiceMail).toContain(`Pay the balance of USD 750.00 by ${invoice.due_on}, by card or bank transfer.`);
    expect(invoiceMail).toContain(`https://app.reclaim.test/invoices/${invoiceId}`);
    await mailTo(lender.email, 'Lot sold');
    expect(smtp.inbox.some((m) => m.to.includes(winner.email) && header(m.raw, 'Subject')?.startsWith('Outbid'))).toBe(false);
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
