import { DomainError } from '../../common/problem/problem';
import { IllegalTransitionError } from '../../common/state-machine/state-machine';
import { allowedTransitions, canTransition, PARTNER_STATUSES, PartnerStatus, transitionPartner } from './partner-status';

const LEGAL: readonly (readonly [PartnerStatus, PartnerStatus])[] = [
  ['applied', 'under_review'],
  ['applied', 'revoked'],
  ['under_review', 'approved'],
  ['under_review', 'rejected'],
  ['under_review', 'revoked'],
  ['approved', 'suspended'],
  ['approved', 'revoked'],
  ['suspended', 'approved'],
  ['suspended', 'revoked'],
  ['rejected', 'under_review'],
  ['rejected', 'revoked'],
];

const isLegal = (from: PartnerStatus, to: PartnerStatus) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = PARTNER_STATUSES.flatMap((from) => PARTNER_STATUSES.map((to) => [from, to] as const));

describe('partner status', () => {
  it.each(LEGAL)('%s → %s is allowed', (from, to) => {
    expect(transitionPartner(from, to)).toBe(to);
  });

  it.each(ALL_PAIRS.filter(([from, to]) => !isLegal(from, to)))('%s → %s is refused', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => transitionPartner(from, to)).toThrow(IllegalTransitionError);
  });

  it('reports a typed error naming both states', () => {
    let caught: unknown;
    try {
      transitionPartner('under_review', 'suspended');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'partner.illegal_transition',
      status: 409,
      from: 'under_review',
      to: 'suspended',
      extensions: { current: 'under_review', requested: 'suspended', allowed: ['approved', 'rejected', 'revoked'] },
    });
  });

  it('makes revoked final and revocable from every other state', () => {
    expect(allowedTransitions('revoked')).toEqual([]);
    for (const status of PARTNER_STATUSES.filter((s) => s !== 'revoked')) {
      expect(canTransition(status, 'revoked')).toBe(true);
    }
  });

  it('only lets an approved partner reach suspended, and a suspended one come back to approved', () => {
    expect(PARTNER_STATUSES.filter((s) => canTransition(s, 'suspended'))).toEqual(['approved']);
    expect(PARTNER_STATUSES.filter((s) => canTransition(s, 'approved'))).toEqual(['under_review', 'suspended']);
  });
});
