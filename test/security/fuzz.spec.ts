import fc from 'fast-check';
import type { Response } from 'supertest';
import { loginPlatformAdmin, OrgSession, platformAdminEnv } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { discoverRoutes, fill, Route, without } from './routes';
import { buildWorld, candidateIds, World } from './world';

/**
 * The fuzz suite (issue 11): malformed bodies to every POST/PUT/PATCH route of the OpenAPI
 * document, as a caller the route accepts and on that caller's own ids, so the bodies reach
 * validation and the services — among them a body shaped like the route's schema with one required
 * field (or a required field of a required object) left out. Never a 5xx; every refusal is problem+json; what the shared parser
 * refuses (deep nesting, NUL, lone surrogates, prototype keys) is refused on every route.
 */

const SEED = 20261101;
const GENERATED_PER_ROUTE = 16;

/** Bodies every route must refuse with a 4xx, whatever it accepts (the one JSON parser). */
const PARSER_REFUSALS: readonly [string, string][] = [
  ['nested 40 deep', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`],
  ['5,000 nested arrays', '['.repeat(5000) + ']'.repeat(5000)],
  ['__proto__ key', '{"__proto__":{"role":"admin"}}'],
  ['constructor.prototype key', '{"constructor":{"prototype":{"role":"admin"}}}'],
  ['NUL in a string', '{"name":"a\\u0000b","reason":"x\\u0000"}'],
  ['lone surrogate', '{"email":"\\ud83d@example.com","name":"\\udc00"}'],
  ['truncated JSON', '{"name": '],
];

/** Bodies of the wrong shape: refused or ignored, never a crash. */
const SHAPES: readonly [string, string][] = [
  ['null', 'null'],
  ['an array', '[{}]'],
  ['a string', '"text"'],
  ['a number', '12'],
  ['an empty object', '{}'],
  ['a huge number', '{"amount":1e400,"contingency_bps":123456789012345678901234567890}'],
];

/** Property names tried where the document declares no body schema (free-form placement rows). */
const FALLBACK_PROPERTIES = ['external_ref', 'principal', 'currency', 'borrower', 'status', 'reason', 'name', 'amount'];

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1.5, -0.01, 1e308, Number.MAX_SAFE_INTEGER + 2, -1),
  fc.string({ maxLength: 24 }),
  fc.constantFrom('x'.repeat(100_000), '=HYPERLINK("https://evil.example")', '2023-02-29', 'not-a-uuid', "'; DROP TABLE cases; --", '../../etc/passwd', '%00', 'US-XX'),
  fc.uuid(),
  fc.constantFrom([], {}, [{}], [[]], { amount: 1.5, currency: 'USD' }, { amount: '100', currency: 'usd' }, { amount: -5, currency: 'XXX' }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null)), { maxKeys: 3 }),
);

const bodyFor = (route: Route): fc.Arbitrary<Record<string, unknown>> => {
  const names = route.bodyProperties.length > 0 ? route.bodyProperties : FALLBACK_PROPERTIES;
  return fc.dictionary(fc.constantFrom(...names, 'role', 'org_id'), badValue, { minKeys: 1, maxKeys: 5 });
};

/** Bad multipart bodies (the upload routes). */
const MULTIPART: readonly [string, string, string][] = [
  ['a wrong boundary', 'multipart/form-data; boundary=nope', '--other\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--other--\r\n'],
  ['no boundary', 'multipart/form-data', '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--\r\n'],
  ['a truncated body', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nexternal_ref,'],
  ['fields without a file', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="type"\r\n\r\non_hook\r\n--b--\r\n'],
  ['a malformed part header', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition form-data name=file\r\n\r\nx\r\n--b--\r\n'],
  ['too many fields', 'multipart/form-data; boundary=b', Array.from({ length: 60 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('') + '--b--\r\n'],
  ['a NUL in a field', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="number"\r\n\r\nA\u0000B\r\n--b--\r\n'],
];

describe('fuzz: malformed bodies to every write route', () => {
  let t: TestApp;
  let world: World;
  let routes: Route[];
  let callers: OrgSession[];
  const failures: string[] = [];
  const counts = { routes: 0, requests: 0 };

  beforeAll(async () => {
    t = await createTestApp(platformAdminEnv());
    world = await buildWorld(t);
    callers = [world.a.lender, world.a.agency, world.a.tow_operator, world.a.buyer, await loginPlatformAdmin(t)];
    routes = (await discoverRoutes(t)).filter((r) => r.method === 'post' || r.method === 'put' || r.method === 'patch');
    counts.routes = routes.length;
  }, 120_000);
  afterAll(() => t.close());

  const pathOf = (route: Route) => fill(route, (param) => (param === 'flag' ? 'disputed' : (candidateIds(route, world.ids)[0] ?? '')));

  /** The first caller the route does not refuse by org kind or role, so bodies get past the guards. */
  async function callerFor(route: Route): Promise<OrgSession> {
    for (const caller of callers) {
      const res = await t.http[route.method](pathOf(route)).set(caller.auth).set('content-type', 'application/json').send('{"__probe": 1}');
      if (res.status !== 403) return caller;
    }
    return callers[0]!;
  }

  const check = (where: string, res: Response, mustRefuse: boolean) => {
    counts.requests++;
    if (res.status >= 500) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    else if (res.status >= 400 && !(res.headers['content-type'] ?? '').startsWith('application/problem+json')) failures.push(`${where}: ${res.status} as ${res.headers['content-type']}`);
    else if (mustRefuse && res.status < 400) failures.push(`${where}: accepted (${res.status})`);
  };

  it('never answers 5xx, refuses what the parser refuses, and answers problem+json', async () => {
    for (const route of routes) {
      const caller = await callerFor(route);
      const path = pathOf(route);
      const send = (body: string, contentType = 'application/json') => t.http[route.method](path).set(caller.auth).set('content-type', contentType).send(body);
      const label = `${route.method.toUpperCase()} ${route.path}`;
      for (const [what, body] of PARSER_REFUSALS) check(`${label} with ${what}`, await send(body), true);
      for (const [what, body] of SHAPES) check(`${label} with ${what}`, await send(body), false);
      for (const body of fc.sample(bodyFor(route), { seed: SEED, numRuns: GENERATED_PER_ROUTE })) {
        check(`${label} with ${JSON.stringify(body).slice(0, 120)}`, await send(JSON.stringify(body)), false);
      }
      for (const path of route.sampleBody ? route.requiredPaths : []) {
        check(`${label} without ${path.join('.')}`, await send(JSON.stringify(without(route.sampleBody!, path))), true);
      }
      if (route.multipart) {
        for (const [what, contentType, body] of MULTIPART) check(`${label} with multipart ${what}`, await send(body, contentType), true);
      }
    }
    process.stdout.write(`fuzz: ${counts.routes} write routes → ${counts.requests} requests (${PARSER_REFUSALS.length} parser cases + ${SHAPES.length} shapes + ${GENERATED_PER_ROUTE} generated each, + one per required field left out, + ${MULTIPART.length} multipart cases on upload routes)\n`);
    expect(failures).toEqual([]);
  }, 300_000);
});
