import { IllegalTransitionError } from '../../common/state-machine/state-machine';
import {
  allowedCaseTransitions,
  assertCaseTransition,
  CASE_FLAGS,
  CASE_STATUSES,
  CaseFlag,
  CaseStatus,
  canTransitionCase,
  isCaseFlag,
  isOnHold,
  listingBlockers,
} from './case-status';

const allowed: ReadonlyArray<readonly [CaseStatus, CaseStatus]> = [
  ['new', 'listed'],
  ['new', 'resolved'],
  ['new', 'written_off'],
  ['listed', 'new'],
  ['listed', 'assigned'],
  ['listed', 'resolved'],
  ['assigned', 'in_progress'],
  ['assigned', 'recalled'],
  ['assigned', 'returned'],
  ['assigned', 'resolved'],
  ['in_progress', 'resolved'],
  ['in_progress', 'payment_plan'],
  ['in_progress', 'recalled'],
  ['in_progress', 'returned'],
  ['in_progress', 'written_off'],
  ['payment_plan', 'in_progress'],
  ['payment_plan', 'resolved'],
  ['payment_plan', 'recalled'],
  ['payment_plan', 'returned'],
  ['payment_plan', 'written_off'],
  ['recalled', 'listed'],
  ['recalled', 'new'],
  ['recalled', 'resolved'],
  ['recalled', 'written_off'],
  ['returned', 'listed'],
  ['returned', 'new'],
  ['returned', 'resolved'],
  ['returned', 'written_off'],
  ['written_off', 'new'],
];

const isAllowed = (from: CaseStatus, to: CaseStatus): boolean => allowed.some(([f, t]) => f === from && t === to);
const refused = CASE_STATUSES.flatMap((from) => CASE_STATUSES.filter((to) => !isAllowed(from, to)).map((to) => [from, to] as const));

describe('case status machine', () => {
  it.each(allowed)('%s → %s is allowed', (from, to) => {
    expect(canTransitionCase(from, to)).toBe(true);
    expect(() => assertCaseTransition(from, to)).not.toThrow();
  });

  // Every pair not listed above, including staying put, is refused: the table is exhaustive.
  it.each(refused)('%s → %s is refused', (from, to) => {
    expect(canTransitionCase(from, to)).toBe(false);
    expect(() => assertCaseTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('names the transition and what was allowed in a typed error', () => {
    let caught: unknown;
    try {
      assertCaseTransition('new', 'assigned');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({ code: 'case.illegal_transition', status: 409, from: 'new', to: 'assigned', allowed: ['listed', 'resolved', 'written_off'] });
    expect((caught as IllegalTransitionError).extensions).toEqual({ current: 'new', requested: 'assigned', allowed: ['listed', 'resolved', 'written_off'] });
    expect((caught as Error).message).toBe('A case that is new cannot become assigned (allowed: listed, resolved, written_off).');
  });

  it('says a resolved case is final', () => {
    expect(allowedCaseTransitions('resolved')).toEqual([]);
    expect(() => assertCaseTransition('resolved', 'in_progress')).toThrow(/none, it is final/);
  });

  it('follows the DESIGN §4 spine end to end', () => {
    const path: CaseStatus[] = ['new', 'listed', 'assigned', 'in_progress', 'payment_plan', 'resolved'];
    path.slice(1).forEach((to, i) => expect(() => assertCaseTransition(path[i], to)).not.toThrow());
  });
});

describe('case flags', () => {
  it.each([...CASE_FLAGS])('%s is a flag', (flag) => {
    expect(isCaseFlag(flag)).toBe(true);
  });

  it.each(['Bankruptcy', 'fraud', '', 1, null])('%j is not a flag', (value) => {
    expect(isCaseFlag(value)).toBe(false);
  });

  it.each<[readonly CaseFlag[], readonly CaseFlag[]]>([
    [[], []],
    [['cease_contact'], []],
    [['bankruptcy'], ['bankruptcy']],
    [['legal_hold'], ['legal_hold']],
    [['disputed'], ['disputed']],
    [['deceased'], ['deceased']],
    [['cease_contact', 'legal_hold', 'bankruptcy', 'disputed', 'deceased', 'attorney_represented'], ['disputed', 'bankruptcy', 'deceased', 'legal_hold']],
  ])('flags %j block listing for %j', (flags, blocking) => {
    const blockers = listingBlockers(flags);
    expect(blockers.map((b) => b.flag)).toEqual(blocking);
    blockers.forEach((b) => expect(b.reason).toMatch(/\S/));
  });

  it('cites the rule behind a bankruptcy block', () => {
    expect(listingBlockers(['bankruptcy'])[0].reason).toMatch(/§362/);
  });

  it.each<[readonly CaseFlag[], boolean]>([
    [[], false],
    [['disputed', 'cease_contact', 'deceased'], false],
    [['bankruptcy'], true],
    [['cease_contact', 'legal_hold'], true],
  ])('flags %j put collection on hold: %s', (flags, held) => {
    expect(isOnHold(flags)).toBe(held);
  });
});
