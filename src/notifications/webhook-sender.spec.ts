import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { categorise, postWebhook, Resolver } from './webhook-sender';

/** A resolver that answers every name with the given addresses, as a (rebinding) DNS server could. */
const answering =
  (...addresses: string[]): Resolver =>
  (_host, _family, callback) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('postWebhook: the target is checked after resolution and pinned', () => {
  let server: Server;
  let port: number;
  const seen: { host?: string }[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ host: req.headers.host });
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
  });

  const send = (url: string, options: Partial<Parameters<typeof postWebhook>[3]>) => postWebhook(url, '{}', {}, { timeoutMs: 2000, allowPrivateTargets: false, ...options });

  it('refuses a public name that resolves to a private address, without connecting', async () => {
    expect(await send(`http://hooks.example.com:${port}/`, { resolve: answering('127.0.0.1') })).toMatchObject({ statusCode: null, error: 'blocked_address' });
    expect(await send(`http://hooks.example.com:${port}/`, { resolve: answering('93.184.216.34', '10.0.0.5') })).toMatchObject({ error: 'blocked_address' });
    expect(seen).toEqual([]);
  });

  it('refuses literal internal addresses before any lookup', async () => {
    expect(await send('http://169.254.169.254/latest/meta-data/', {})).toMatchObject({ error: 'blocked_address' });
    expect(await send(`http://[::ffff:127.0.0.1]:${port}/`, {})).toMatchObject({ error: 'blocked_address' });
    expect(seen).toEqual([]);
  });

  it('connects to the address it checked, with the name kept for the Host header', async () => {
    const result = await send(`http://hooks.example.com:${port}/hook`, { allowPrivateTargets: true, resolve: answering('127.0.0.1') });
    expect(result).toMatchObject({ statusCode: 204, error: null });
    expect(seen).toEqual([{ host: `hooks.example.com:${port}` }]);
  });

  it('reuses a kept-alive connection only under the address policy that opened it', async () => {
    const resolve = answering('127.0.0.1');
    expect(await send(`http://hooks.example.com:${port}/a`, { allowPrivateTargets: true, resolve })).toMatchObject({ statusCode: 204 });
    expect(await send(`http://hooks.example.com:${port}/b`, { allowPrivateTargets: true, resolve })).toMatchObject({ statusCode: 204 });
    expect(await send(`http://hooks.example.com:${port}/c`, { allowPrivateTargets: false, resolve })).toMatchObject({ statusCode: null, error: 'blocked_address' });
    expect(seen).toHaveLength(2);
  });

  it('reports a refused connection and an unknown name as categories only', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await send(`http://127.0.0.1:${closedPort}/`, { allowPrivateTargets: true })).toMatchObject({ statusCode: null, error: 'connection_refused' });
    const nxdomain: Resolver = (_host, _family, callback) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    expect(await send('https://nowhere.example.com/', { resolve: nxdomain })).toMatchObject({ error: 'dns' });
  });

  it.each<[string, string]>([
    ['ECONNREFUSED', 'connection_refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ETIMEDOUT', 'timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['EBLOCKEDADDRESS', 'blocked_address'],
    ['ECONNRESET', 'connection_failed'],
  ])('categorises %s as %s', (code, category) => {
    expect(categorise(Object.assign(new Error('x'), { code }))).toBe(category);
  });
});
