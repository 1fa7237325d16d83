import { SEED_RULE_SETS } from '../../../migrations/1764150000000-compliance-rules';
import { BorrowerContext, ContactAttempt, evaluateContact, RecordedContact } from './contact-evaluator';
import { ContactRule, jurisdictionsFor, mergeLayers, parseRule, RuleSet } from './contact-rules';
import { StopCondition } from './contact-rules';

const SEEDED: RuleSet[] = SEED_RULE_SETS.map((s) => ({
  jurisdiction: s.jurisdiction,
  version: 1,
  effectiveFrom: new Date(s.effective_from),
  rules: s.rules.map((r, i) => {
    const { rule, problems } = parseRule(r, `rules[${i}]`);
    if (!rule) throw new Error(JSON.stringify(problems));
    return rule;
  }),
}));

function rulesFor(region: string): ContactRule[] {
  const layers = jurisdictionsFor(region);
  return mergeLayers(SEEDED.filter((s) => layers.includes(s.jurisdiction)));
}

const DEBT = 'case-a';
const ny: BorrowerContext = { zones: [{ zone: 'America/New_York', source: 'address' }], conditions: [] };
const la: BorrowerContext = { zones: [{ zone: 'America/Los_Angeles', source: 'address' }], conditions: [] };
const sh: BorrowerContext = { zones: [{ zone: 'Asia/Shanghai', source: 'address' }], conditions: [] };

function attempt(at: string, over: Partial<ContactAttempt> = {}): ContactAttempt {
  return { at: new Date(at), caseIds: [DEBT], channel: 'call', direction: 'outbound', outcome: 'no_answer', contactKey: 'phone-1', partnerOrgId: 'agency-1', mode: 'record', party: 'borrower', purpose: null, recordingRef: 'rec-1', collectors: null, ...over };
}

const past = (at: string, over: Partial<RecordedContact> = {}): RecordedContact => ({ ...attempt(at), ...over });

function judge(region: string, context: BorrowerContext, history: RecordedContact[], a: ContactAttempt) {
  const result = evaluateContact(rulesFor(region), context, history, a);
  return { ...result, codes: result.violations.map((v) => v.code), next: result.nextAllowedAt?.toISOString() ?? null };
}

describe('contact window in the borrower’s local time (FDCPA §1692c(a)(1))', () => {
  it.each([
    ['07:59 refused', '2026-03-16T11:59:00Z', false],
    ['08:00 allowed', '2026-03-16T12:00:00Z', true],
    ['20:59 allowed', '2026-03-17T00:59:00Z', true],
    ['21:00 refused', '2026-03-17T01:00:00Z', false],
  ])('New York %s', (_name, at, allowed) => {
    expect(judge('US-NY', ny, [], attempt(at)).allowed).toBe(allowed);
  });

  it('names the rule, its citation and the local time, and answers the next 08:00', () => {
    const r = judge('US-NY', ny, [], attempt('2026-03-17T01:00:00Z'));
    expect(r.violations[0]).toMatchObject({ code: 'us.contact_window', citation: 'FDCPA 15 U.S.C. §1692c(a)(1); Reg F 12 CFR §1006.6(b)(1)(i)' });
    expect(r.violations[0]!.message).toBe('21:00 on 2026-03-16 in America/New_York (address) is outside 08:00–21:00');
    expect(r.next).toBe('2026-03-17T12:00:00.000Z');
  });

  it.each([
    ['New York spring-forward day: 07:59 EDT', 'US-NY', ny, '2026-03-08T11:59:00Z', false],
    ['New York spring-forward day: 08:00 EDT', 'US-NY', ny, '2026-03-08T12:00:00Z', true],
    ['New York fall-back day: 07:59 EST', 'US-NY', ny, '2026-11-01T12:59:00Z', false],
    ['New York fall-back day: 08:00 EST', 'US-NY', ny, '2026-11-01T13:00:00Z', true],
    ['New York fall-back day: 20:59 EST', 'US-NY', ny, '2026-11-02T01:59:00Z', true],
    ['New York fall-back day: 21:00 EST', 'US-NY', ny, '2026-11-02T02:00:00Z', false],
    ['Los Angeles spring-forward day: 07:59 PDT', 'US-CA', la, '2026-03-08T14:59:00Z', false],
    ['Los Angeles spring-forward day: 08:00 PDT', 'US-CA', la, '2026-03-08T15:00:00Z', true],
    ['Los Angeles fall-back day: 07:59 PST', 'US-CA', la, '2026-11-01T15:59:00Z', false],
    ['Los Angeles fall-back day: 08:00 PST', 'US-CA', la, '2026-11-01T16:00:00Z', true],
    ['Los Angeles spring-forward day: 21:00 PDT', 'US-CA', la, '2026-03-09T04:00:00Z', false],
  ])('%s', (_name, region, context, at, allowed) => {
    expect(judge(region, context, [], attempt(at)).allowed).toBe(allowed);
  });

  it('the next 08:00 across a spring-forward night is 08:00 EDT', () => {
    expect(judge('US-NY', ny, [], attempt('2026-03-08T02:30:00Z')).next).toBe('2026-03-08T12:00:00.000Z');
    expect(judge('US-CA', la, [], attempt('2026-11-01T05:00:00Z')).next).toBe('2026-11-01T16:00:00.000Z');
  });

  describe('a borrower with two zones (address New York, phone area code 415 Los Angeles)', () => {
    const two: BorrowerContext = { zones: [{ zone: 'America/New_York', source: 'address' }, { zone: 'America/Los_Angeles', source: 'phone_area_code' }], conditions: [] };
    it('08:30 in New York is 05:30 in Los Angeles: refused for the phone’s zone, allowed at 08:00 there', () => {
      const r = judge('US-NY', two, [], attempt('2026-03-16T12:30:00Z'));
      expect(r.allowed).toBe(false);
      expect(r.violations).toHaveLength(1);
      expect(r.violations[0]!.numbers).toMatchObject({ zone: 'America/Los_Angeles', zone_source: 'phone_area_code', local_time: '05:30' });
      expect(r.next).toBe('2026-03-16T15:00:00.000Z');
    });
    it('20:30 in Los Angeles is 23:30 in New York: refused for the address zone', () => {
      const r = judge('US-NY', two, [], attempt('2026-03-17T03:30:00Z'));
      expect(r.violations.map((v) => v.numbers.zone)).toEqual(['America/New_York']);
      expect(r.next).toBe('2026-03-17T15:00:00.000Z');
    });
    it('noon in New York is convenient in both', () => {
      expect(judge('US-NY', two, [], attempt('2026-03-16T16:00:00Z')).allowed).toBe(true);
    });
  });

  it.each([
    ['CN 21:59 allowed', '2026-03-16T13:59:00Z', true],
    ['CN 22:00 refused', '2026-03-16T14:00:00Z', false],
    ['CN 07:59 refused', '2026-03-16T23:59:00Z', false],
    ['CN 08:00 allowed', '2026-03-17T00:00:00Z', true],
  ])('%s', (_name, at, allowed) => {
    expect(judge('CN-GD', sh, [], attempt(at)).allowed).toBe(allowed);
  });
});

/** Seven placed calls, one a day from 2026-03-08 to 2026-03-14, noon New York time. */
const sevenCalls = (over: Partial<RecordedContact> = {}) => [8, 9, 10, 11, 12, 13, 14].map((d) => past(`2026-03-${String(d).padStart(2, '0')}T16:00:00Z`, over));

describe('call frequency: 7 call attempts within 7 consecutive days (Reg F §1006.14(b)(2)(i)(A))', () => {
  it('the 8th attempt in the 7 days is refused with the numbers', () => {
    const r = judge('US-NY', ny, sevenCalls(), attempt('2026-03-14T20:00:00Z'));
    expect(r.codes).toEqual(['us.call_frequency']);
    expect(r.violations[0]!.citation).toBe('Reg F 12 CFR §1006.14(b)(2)(i)(A)');
    expect(r.violations[0]!.message).toBe('7 call attempts about this debt in the 7 days ending 2026-03-14 (America/New_York); the limit is 7');
    // The window slides past 2026-03-08 at midnight; the contact window opens at 08:00.
    expect(r.next).toBe('2026-03-15T12:00:00.000Z');
  });

  it('the window slides: on 2026-03-15 the call of 2026-03-08 has left it', () => {
    expect(judge('US-NY', ny, sevenCalls(), attempt('2026-03-15T14:00:00Z')).allowed).toBe(true);
  });

  it('six calls leave room for a seventh', () => {
    expect(judge('US-NY', ny, sevenCalls().slice(1), attempt('2026-03-14T20:00:00Z')).allowed).toBe(true);
  });

  it('calls that never connect to the dialed number (busy) and calls the borrower makes do not count', () => {
    const history = [...sevenCalls({ outcome: 'busy' }), ...sevenCalls({ direction: 'inbound', outcome: 'left_message' })];
    expect(judge('US-NY', ny, history, attempt('2026-03-14T20:00:00Z')).allowed).toBe(true);
  });

  it('unanswered and voicemail calls do count', () => {
    const history = sevenCalls({ outcome: 'left_message' });
    expect(judge('US-NY', ny, history, attempt('2026-03-14T20:00:00Z')).allowed).toBe(false);
  });

  it('an attempt that itself did not connect is not refused by the cap', () => {
    expect(judge('US-NY', ny, sevenCalls(), attempt('2026-03-14T20:00:00Z', { outcome: 'busy' })).allowed).toBe(true);
  });

  it('counts per debt: seven calls about one debt leave another debt of the borrower free', () => {
    expect(judge('US-NY', ny, sevenCalls(), attempt('2026-03-14T20:00:00Z', { caseIds: ['case-b'] })).allowed).toBe(true);
  });

  it('counts every agency of the lender together', () => {
    const history = sevenCalls().map((h, i) => ({ ...h, partnerOrgId: i % 2 ? 'agency-1' : 'agency-2' }));
    expect(judge('US-NY', ny, history, attempt('2026-03-14T20:00:00Z')).violations[0]!.message).toContain('across 2 collectors');
  });
});

describe('conversation cooling-off (Reg F §1006.14(b)(2)(i)(B))', () => {
  const talked = [past('2026-03-10T15:00:00Z', { outcome: 'right_party_contact' })];
  it.each([
    ['day 1 (later the same day)', '2026-03-10T20:00:00Z', false],
    ['day 7', '2026-03-16T14:00:00Z', false],
    ['day 8', '2026-03-17T14:00:00Z', true],
  ])('a call on %s after the conversation', (_name, at, allowed) => {
    expect(judge('US-NY', ny, talked, attempt(at)).allowed).toBe(allowed);
  });

  it('names the day and when calls may resume', () => {
    const r = judge('US-NY', ny, talked, attempt('2026-03-16T14:00:00Z'));
    expect(r.violations[0]).toMatchObject({ code: 'us.conversation_cooloff', citation: 'Reg F 12 CFR §1006.14(b)(2)(i)(B)' });
    expect(r.violations[0]!.message).toBe('telephone conversation about this debt on 2026-03-10 (America/New_York); 2026-03-16 is day 7 of 7, calls may resume on 2026-03-17');
    expect(r.next).toBe('2026-03-17T12:00:00.000Z');
  });

  it('a conversation in a call the borrower made starts it too', () => {
    expect(judge('US-NY', ny, [past('2026-03-10T15:00:00Z', { direction: 'inbound', outcome: 'promise_made' })], attempt('2026-03-12T14:00:00Z')).allowed).toBe(false);
  });

  it('one conversation about several debts counts for each', () => {
    const both = [past('2026-03-10T15:00:00Z', { outcome: 'right_party_contact', caseIds: ['case-a', 'case-b'] })];
    const r = judge('US-NY', ny, both, attempt('2026-03-12T14:00:00Z', { caseIds: ['case-b'] }));
    expect(r.violations.map((v) => v.numbers.case_id)).toEqual(['case-b']);
    expect(judge('US-NY', ny, both, attempt('2026-03-12T14:00:00Z', { caseIds: ['case-c'] })).allowed).toBe(true);
  });

  it('an e-mail is not a call', () => {
    expect(judge('US-NY', ny, talked, attempt('2026-03-12T14:00:00Z', { channel: 'email', outcome: 'delivered' })).allowed).toBe(true);
  });
});

describe('state override: Massachusetts 940 CMR 7.04(1)(f)', () => {
  it('a third communication in 7 days is refused; federal rules still apply', () => {
    const history = [past('2026-03-10T15:00:00Z', { outcome: 'left_message' }), past('2026-03-11T15:00:00Z', { outcome: 'left_message' })];
    const r = judge('US-MA', ny, history, attempt('2026-03-12T15:00:00Z', { outcome: 'left_message' }));
    expect(r.codes).toEqual(['us-ma.call_frequency']);
    expect(r.violations[0]!.citation).toBe('Mass. 940 CMR 7.04(1)(f)');
    expect(rulesFor('US-MA').map((x) => x.code)).toEqual(expect.arrayContaining(['us.call_frequency', 'us.contact_window', 'us-ma.call_frequency']));
  });
  it('unanswered calls are not communications there', () => {
    const history = [past('2026-03-10T15:00:00Z'), past('2026-03-11T15:00:00Z'), past('2026-03-11T16:00:00Z')];
    expect(judge('US-MA', ny, history, attempt('2026-03-12T15:00:00Z')).allowed).toBe(true);
  });
});

describe('CN counting', () => {
  const connected = (at: string, partner: string) => past(at, { outcome: 'right_party_contact', partnerOrgId: partner });
  const three = [connected('2026-03-16T01:00:00Z', 'agency-1'), connected('2026-03-16T02:00:00Z', 'agency-2'), connected('2026-03-16T03:00:00Z', 'agency-1')];

  it('3 connected calls across two agencies: a 4th connected call that day is refused, the next local day is free', () => {
    const r = judge('CN-GD', sh, three, attempt('2026-03-16T04:00:00Z', { outcome: 'right_party_contact' }));
    expect(r.codes).toEqual(['cn.connected_calls_per_day']);
    expect(r.violations[0]!.message).toBe('3 call connected attempts to this borrower on 2026-03-16 (Asia/Shanghai) across 2 collectors; the limit is 3');
    expect(r.next).toBe('2026-03-17T00:00:00.000Z');
    expect(judge('CN-GD', sh, three, attempt('2026-03-17T01:00:00Z', { outcome: 'right_party_contact' })).allowed).toBe(true);
  });

  it('a check before dialing (no outcome yet) is refused once 3 connected calls are in', () => {
    expect(judge('CN-GD', sh, three, attempt('2026-03-16T04:00:00Z', { outcome: null, mode: 'check', recordingRef: null })).codes).toEqual(['cn.connected_calls_per_day']);
  });

  it('6 unanswered attempts to one contact: a 7th to it is refused, a 7th to another contact passes', () => {
    const six = [1, 2, 3, 4, 5, 6].map((h) => past(`2026-03-16T0${h}:00:00Z`, { contactKey: 'phone-1', outcome: 'no_answer' }));
    const r = judge('CN-GD', sh, six, attempt('2026-03-16T07:00:00Z', { contactKey: 'phone-1' }));
    expect(r.codes).toEqual(['cn.unanswered_per_contact']);
    expect(judge('CN-GD', sh, six, attempt('2026-03-16T07:00:00Z', { contactKey: 'phone-2' })).allowed).toBe(true);
  });

  it.each([
    ['a call without a recording reference', { recordingRef: null }, 'cn.call_recording'],
    ['a visit with one collector', { channel: 'visit' as const, outcome: 'right_party_contact', collectors: 1 }, 'cn.visit_collectors'],
    ['a third party contacted even for location', { party: 'third_party' as const, purpose: 'location' as const, outcome: 'third_party_contact' }, 'cn.third_party'],
  ])('%s is refused', (_name, over, code) => {
    expect(judge('CN-GD', sh, [], attempt('2026-03-16T04:00:00Z', over)).codes).toEqual([code]);
  });

  it('a visit with two collectors passes; a check does not ask for a recording yet', () => {
    expect(judge('CN-GD', sh, [], attempt('2026-03-16T04:00:00Z', { channel: 'visit', outcome: 'right_party_contact', collectors: 2 })).allowed).toBe(true);
    expect(judge('CN-GD', sh, [], attempt('2026-03-16T04:00:00Z', { mode: 'check', outcome: null, recordingRef: null })).allowed).toBe(true);
  });
});

describe('conditions that stop contact', () => {
  it.each<[StopCondition, string, string]>([
    ['bankruptcy', 'CN-GD', 'stop.bankruptcy'],
    ['legal_hold', 'US-NY', 'stop.legal_hold'],
    ['disputed', 'US-NY', 'stop.dispute_unverified'],
    ['cease_contact', 'US-NY', 'stop.cease_contact'],
    ['attorney_represented', 'US-NY', 'us.attorney'],
  ])('%s in %s: refused with no next moment', (condition, region, code) => {
    const context = { ...(region === 'CN-GD' ? sh : ny), conditions: [condition] };
    const r = judge(region, context, [], attempt(region === 'CN-GD' ? '2026-03-16T04:00:00Z' : '2026-03-16T16:00:00Z'));
    expect(r.codes).toEqual([code]);
    expect(r.next).toBeNull();
  });

  it('the US cease rule cites the FDCPA; the default layer’s is replaced', () => {
    const r = judge('US-NY', { ...ny, conditions: ['cease_contact'] }, [], attempt('2026-03-16T16:00:00Z'));
    expect(r.violations.map((v) => v.citation)).toEqual(['FDCPA 15 U.S.C. §1692c(c); Reg F 12 CFR §1006.6(c)(1)']);
  });

  it('a region with no rule set of its own gets the default layer', () => {
    expect(rulesFor('DE-BE').map((r) => r.code).sort()).toEqual(['stop.bankruptcy', 'stop.cease_contact', 'stop.dispute_unverified', 'stop.legal_hold']);
  });

  it('every broken rule is named, not just the first', () => {
    const r = judge('US-NY', { ...ny, conditions: ['bankruptcy'] }, sevenCalls(), attempt('2026-03-15T02:00:00Z'));
    expect(r.codes.sort()).toEqual(['stop.bankruptcy', 'us.call_frequency', 'us.contact_window']);
  });
});

describe('third parties in the US (FDCPA §1692c(b), §1692b)', () => {
  it('only to acquire location information', () => {
    expect(judge('US-NY', ny, [], attempt('2026-03-16T16:00:00Z', { party: 'third_party', purpose: 'location' })).allowed).toBe(true);
    expect(judge('US-NY', ny, [], attempt('2026-03-16T16:00:00Z', { party: 'third_party', purpose: 'collection' })).codes).toEqual(['us.third_party']);
  });
});

describe('parseRule', () => {
  it.each([
    [{ code: 'x.y', kind: 'nope', citation: 'c', description: '', parameters: {} }, 'rules[0].kind'],
    [{ code: 'x.y', kind: 'attempt_cap', citation: 'c', description: '', parameters: { max: -1, window: 'rolling_days', days: 7, scope: 'debt', counts: 'placed' } }, 'rules[0].parameters.max'],
    [{ code: 'x.y', kind: 'contact_window', citation: 'c', description: '', parameters: { start: '21:00', end: '08:00' } }, 'rules[0].parameters.end'],
    [{ code: 'x.y', kind: 'stop_flag', citation: 'c', description: '', parameters: { condition: 'cease_contact', colour: 'red' } }, 'rules[0].parameters.colour'],
    [{ code: 'x.y', kind: 'channel_restriction', citation: 'c', description: '', parameters: { channels: ['fax'] } }, 'rules[0].parameters.channels'],
    [{ code: 'X', kind: 'stop_flag', citation: '', description: '', parameters: { condition: 'bankruptcy' } }, 'rules[0].code'],
  ])('refuses %j at %s', (input, field) => {
    const { rule, problems } = parseRule(input, 'rules[0]');
    expect(rule).toBeNull();
    expect(problems.map((p) => p.field)).toContain(field);
  });

  it('a channel restriction refuses its channels', () => {
    const { rule } = parseRule({ code: 'no.sms', kind: 'channel_restriction', citation: 'test', description: '', parameters: { channels: ['sms'] } }, 'r');
    expect(evaluateContact([rule!], ny, [], attempt('2026-03-16T16:00:00Z', { channel: 'sms' })).violations.map((v) => v.code)).toEqual(['no.sms']);
  });
});
