import { signWebhook, verifyWebhook } from './webhook-signature';

const BODY = '{"id":"evt_1","type":"job.offered"}';
const T = 1_700_000_000;
const CURRENT = 'whsec_current';
const PREVIOUS = 'whsec_previous';
// Computed independently with openssl: printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac <secret>
const CURRENT_SIG = '4054c02177a3df54f88fb4785d9961e8b6ff48d6879b165690276bbcdd3d151e';
const PREVIOUS_SIG = '3f2b391c1174b1d95ca6b079d73b70a313ece408152a063f5585adaf19fee1e5';

describe('signWebhook', () => {
  it('signs "t.body" with HMAC-SHA256 as t=<unix>,v1=<hex>', () => {
    expect(signWebhook(CURRENT, BODY, T)).toBe(`t=${T},v1=${CURRENT_SIG}`);
  });

  it('signs with every secret during rotation, current first', () => {
    expect(signWebhook([CURRENT, PREVIOUS], BODY, T)).toBe(`t=${T},v1=${CURRENT_SIG},v1=${PREVIOUS_SIG}`);
  });

  it('signs the UTF-8 bytes of the body', () => {
    expect(signWebhook(CURRENT, 'déjà vu', T)).toBe(
      `t=${T},v1=a8bbb60291a417defbfa5f9687d0e8c316933e4e5d1f423444f97cf58194952b`,
    );
  });

  it.each([
    ['a fractional timestamp', CURRENT, 1.5],
    ['a negative timestamp', CURRENT, -1],
    ['an empty secret', '', T],
    ['no secrets', [], T],
  ])('refuses %s', (_name, secret, t) => {
    expect(() => signWebhook(secret, BODY, t)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const header = `t=${T},v1=${CURRENT_SIG}`;

  it.each<[string, string, string, readonly string[], number, ReturnType<typeof verifyWebhook>]>([
    ['a good signature', header, BODY, [CURRENT], T, { valid: true, timestamp: T }],
    ['a good signature 300 s late', header, BODY, [CURRENT], T + 300, { valid: true, timestamp: T }],
    ['a good signature 300 s early (clock skew)', header, BODY, [CURRENT], T - 300, { valid: true, timestamp: T }],
    ['301 s late', header, BODY, [CURRENT], T + 301, { valid: false, reason: 'timestamp_out_of_tolerance' }],
    ['301 s early', header, BODY, [CURRENT], T - 301, { valid: false, reason: 'timestamp_out_of_tolerance' }],
    ['a changed body', header, `${BODY} `, [CURRENT], T, { valid: false, reason: 'signature_mismatch' }],
    ['a changed timestamp', `t=${T + 1},v1=${CURRENT_SIG}`, BODY, [CURRENT], T, { valid: false, reason: 'signature_mismatch' }],
    ['the wrong secret', header, BODY, ['whsec_other'], T, { valid: false, reason: 'signature_mismatch' }],
    ['no secrets held', header, BODY, [], T, { valid: false, reason: 'signature_mismatch' }],
    ['an empty secret held', `t=${T},v1=${signWebhook('x', BODY, T).split('v1=')[1]}`, BODY, [''], T, { valid: false, reason: 'signature_mismatch' }],
    ['a stale and forged header: forgery reported first', `t=1,v1=${CURRENT_SIG}`, BODY, [CURRENT], T, { valid: false, reason: 'signature_mismatch' }],
    ['receiver already on the new secret, sender on the old', `t=${T},v1=${PREVIOUS_SIG}`, BODY, [CURRENT, PREVIOUS], T, { valid: true, timestamp: T }],
    ['sender already on both, receiver still on the old', `t=${T},v1=${CURRENT_SIG},v1=${PREVIOUS_SIG}`, BODY, [PREVIOUS], T, { valid: true, timestamp: T }],
    ['one of several v1 entries wrong', `t=${T},v1=${'0'.repeat(64)},v1=${CURRENT_SIG}`, BODY, [CURRENT], T, { valid: true, timestamp: T }],
    ['upper-case hex', `t=${T},v1=${CURRENT_SIG.toUpperCase()}`, BODY, [CURRENT], T, { valid: true, timestamp: T }],
    ['spaces after commas', `t=${T}, v1=${CURRENT_SIG}`, BODY, [CURRENT], T, { valid: true, timestamp: T }],
    ['entries in another order', `v1=${CURRENT_SIG},t=${T}`, BODY, [CURRENT], T, { valid: true, timestamp: T }],
    ['an unknown scheme alongside', `t=${T},v0=abc,v1=${CURRENT_SIG}`, BODY, [CURRENT], T, { valid: true, timestamp: T }],
  ])('%s', (_name, h, body, secrets, now, expected) => {
    expect(verifyWebhook(h, body, secrets, now)).toEqual(expected);
  });

  it.each([
    ['empty', ''],
    ['no timestamp', `v1=${CURRENT_SIG}`],
    ['no signature', `t=${T}`],
    ['only another scheme', `t=${T},v0=${CURRENT_SIG}`],
    ['two timestamps', `t=${T},t=${T},v1=${CURRENT_SIG}`],
    ['a non-numeric timestamp', `t=soon,v1=${CURRENT_SIG}`],
    ['a negative timestamp', `t=-1,v1=${CURRENT_SIG}`],
    ['a fractional timestamp', `t=1.5,v1=${CURRENT_SIG}`],
    ['a short signature', `t=${T},v1=${CURRENT_SIG.slice(2)}`],
    ['a non-hex signature', `t=${T},v1=${'z'.repeat(64)}`],
    ['a part without =', `t=${T},v1`],
    ['a part with an empty key', `t=${T},=x,v1=${CURRENT_SIG}`],
    ['a bare signature', CURRENT_SIG],
  ])('reports a malformed header: %s', (_name, h) => {
    expect(verifyWebhook(h, BODY, [CURRENT], T)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('takes another tolerance', () => {
    expect(verifyWebhook(header, BODY, [CURRENT], T + 30, 10)).toEqual({ valid: false, reason: 'timestamp_out_of_tolerance' });
    expect(verifyWebhook(header, BODY, [CURRENT], T + 10, 10)).toEqual({ valid: true, timestamp: T });
    expect(() => verifyWebhook(header, BODY, [CURRENT], T, -1)).toThrow(RangeError);
  });

  it('round-trips what signWebhook produces', () => {
    const now = 1_750_000_000;
    expect(verifyWebhook(signWebhook([CURRENT, PREVIOUS], 'ünïcode ✓', now), 'ünïcode ✓', [PREVIOUS], now + 5)).toEqual({ valid: true, timestamp: now });
  });
});
