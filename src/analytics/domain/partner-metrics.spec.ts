import {
  daysBetween,
  holdAcknowledgedOnTime,
  isRecoveryOutcome,
  isRightPartyContact,
  median,
  promiseDeadline,
  promiseStatus,
  ratio,
  ScorecardCounts,
  scorecardMetrics,
  slaClockCounts,
} from './partner-metrics';

const at = (iso: string) => new Date(iso);

describe('ratio', () => {
  it.each([
    [0, 0, null],
    [1, 3, 0.3333],
    [2, 2, 1],
    [0, 5, 0],
  ])('%i / %i → %p', (n, d, rate) => {
    expect(ratio(n, d)).toEqual({ numerator: n, denominator: d, rate });
  });

  it('refuses negative or fractional counts', () => {
    expect(() => ratio(-1, 2)).toThrow(RangeError);
    expect(() => ratio(1.5, 2)).toThrow(RangeError);
  });
});

describe('right-party contact', () => {
  it.each([
    ['right_party_contact', true],
    ['promise_made', true],
    ['disputed', true],
    ['third_party_contact', false],
    ['left_message', false],
    ['no_answer', false],
    ['delivered', false],
  ] as const)('%s → %p', (outcome, expected) => {
    expect(isRightPartyContact(outcome)).toBe(expected);
  });
});

describe('recovering outcome', () => {
  it.each([
    ['settled', true],
    ['vehicle_recovered', true],
    ['skip_traced', false],
    [null, false],
  ] as const)('%s → %p', (outcome, expected) => {
    expect(isRecoveryOutcome(outcome)).toBe(expected);
  });
});

describe('promise to pay', () => {
  it('counts payments until 3 days after the promised date', () => {
    expect(promiseDeadline('2026-01-30')).toBe('2026-02-02');
  });

  it.each([
    [{ amount: 100, date: '2026-03-01', paidInTime: 100 }, '2026-03-01', 'kept'],
    [{ amount: 100, date: '2026-03-01', paidInTime: 150 }, '2026-05-01', 'kept'],
    [{ amount: 100, date: '2026-03-01', paidInTime: 99 }, '2026-03-04', 'pending'],
    [{ amount: 100, date: '2026-03-01', paidInTime: 99 }, '2026-03-05', 'broken'],
    [{ amount: 100, date: '2026-03-01', paidInTime: 0 }, '2026-02-01', 'pending'],
    [{ amount: null, date: '2026-03-01', paidInTime: 1 }, '2026-03-09', 'kept'],
    [{ amount: null, date: '2026-03-01', paidInTime: 0 }, '2026-03-09', 'broken'],
  ] as const)('%p on %s → %s', (promise, today, expected) => {
    expect(promiseStatus(promise, today)).toBe(expected);
  });
});

describe('an SLA clock that stopped', () => {
  it.each([
    ['met in time', true, { milestones_on_time: 1 }],
    ['met after its due time, before the timer', false, { milestones_breached: 1 }],
    ['no longer running (its breach was recorded)', null, {}],
  ] as const)('%s', (_name, met, expected) => {
    expect(slaClockCounts(met)).toEqual(expected);
  });
});

describe('hold acknowledgment', () => {
  it.each([
    ['2026-03-02T10:59:59Z', true],
    ['2026-03-02T11:00:00Z', true],
    ['2026-03-02T11:00:01Z', false],
  ])('acknowledged at %s → %p', (ack, expected) => {
    expect(holdAcknowledgedOnTime(at('2026-03-02T10:00:00Z'), at(ack))).toBe(expected);
  });
});

describe('days and medians', () => {
  it('days between instants, to 2 decimals', () => {
    expect(daysBetween(at('2026-03-01T00:00:00Z'), at('2026-03-01T12:00:00Z'))).toBe(0.5);
    expect(daysBetween(at('2026-03-01T00:00:00Z'), at('2026-03-04T08:00:00Z'))).toBe(3.33);
  });

  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 2, 3], 2.5],
  ])('median of %p → %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('scorecard metrics', () => {
  const empty: ScorecardCounts = {
    jobs_assigned: 0,
    cases_assigned: 0,
    cases_recovered: 0,
    contact_attempts: 0,
    right_party_contacts: 0,
    promises_kept: 0,
    promises_broken: 0,
    milestones_on_time: 0,
    milestones_breached: 0,
    duties_started: 0,
    duties_breached: 0,
    complaints_upheld: 0,
    compliance_refusals: 0,
    holds: 0,
    holds_acknowledged_on_time: 0,
    recoveries_voluntary: 0,
    recoveries_involuntary: 0,
    money: [],
    days_to_first_action: [],
    days_to_completion: [],
  };

  it('has no rates without history', () => {
    const m = scorecardMetrics(empty);
    expect(m.recovery_rate_by_count).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(m.sla_breach_rate.rate).toBeNull();
    expect(m.duty_breach_rate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(m.median_days_to_first_action).toEqual({ jobs: 0, days: null });
    expect(m.money).toEqual([]);
  });

  it('builds every figure with its numerator and denominator', () => {
    const m = scorecardMetrics({
      ...empty,
      jobs_assigned: 4,
      cases_assigned: 4,
      cases_recovered: 3,
      contact_attempts: 10,
      right_party_contacts: 4,
      promises_kept: 1,
      promises_broken: 1,
      milestones_on_time: 6,
      milestones_breached: 2,
      duties_started: 4,
      duties_breached: 1,
      complaints_upheld: 1,
      compliance_refusals: 2,
      holds: 2,
      holds_acknowledged_on_time: 1,
      recoveries_voluntary: 1,
      recoveries_involuntary: 2,
      money: [
        { currency: 'USD', assigned: 10_000, recovered: 2_500, repossession_cost: 90_000 },
        { currency: 'EUR', assigned: 500, recovered: 0, repossession_cost: 0 },
      ],
      days_to_first_action: [1, 2],
      days_to_completion: [10],
    });
    expect(m.recovery_rate_by_count).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    expect(m.right_party_contact_rate.rate).toBe(0.4);
    expect(m.promises_kept_rate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(m.sla_breach_rate).toEqual({ numerator: 2, denominator: 8, rate: 0.25 });
    expect(m.duty_breach_rate).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(m.complaint_rate).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(m.compliance_refusals).toEqual({ numerator: 2, denominator: 12, rate: 0.1667 });
    expect(m.holds_acknowledged_on_time.rate).toBe(0.5);
    expect(m.voluntary_recovery_share).toEqual({ numerator: 1, denominator: 3, rate: 0.3333 });
    expect(m.median_days_to_first_action).toEqual({ jobs: 2, days: 1.5 });
    expect(m.money.map((x) => x.currency)).toEqual(['EUR', 'USD']);
    expect(m.money[1]).toMatchObject({ recovery_rate_by_amount: { numerator: 2_500, denominator: 10_000, rate: 0.25 }, cost_per_repossession: { numerator: 90_000, denominator: 3, amount: 30_000 } });
  });
});
