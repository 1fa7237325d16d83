import { money } from '../../common/money';
import { commissionLine, reversalLine, StatedPayment, statementTotals } from './statement';

const at = new Date('2026-01-31T10:00:00Z');
const payment = (commission: number, fee: number): StatedPayment => ({
  paymentId: 'p',
  jobId: 'j',
  caseId: 'c',
  lenderOrgId: 'l',
  currency: 'USD',
  amount: 10_000,
  commission,
  platformFee: fee,
  lines: [{ code: 'contingency', description: 'Contingency', basis: '1500 bps × 10000', amount: money(commission, 'USD') }],
  reference: 'ACH-1',
});

describe('statement lines and totals', () => {
  it('states a commission with its basis and a reversal negated', () => {
    expect(commissionLine(payment(1_500, 500), 't1', at)).toMatchObject({ kind: 'commission', recovered: 10_000, commission: 1_500, platformFee: 500, net: 1_000, basis: [{ basis: '1500 bps × 10000' }] });
    expect(reversalLine(payment(1_500, 500), 't2', at, 'bounced')).toMatchObject({ kind: 'reversal', recovered: -10_000, commission: -1_500, platformFee: -500, net: -1_000, basis: [{ code: 'reversal', amount: money(-1_500, 'USD') }] });
  });

  it.each([
    ['two commissions', [commissionLine(payment(1_500, 500), 'a', at), commissionLine(payment(300, 0), 'b', at)], null, { lenderOwes: 1_800, platformKeeps: 500, earnedNet: 1_300, carriedForward: 0, netPayable: 1_300 }],
    ['a reversal of an earlier statement', [reversalLine(payment(1_500, 500), 'a', at, 'x')], 1_000, { lenderOwes: -1_500, platformKeeps: -500, earnedNet: -1_000, carriedForward: 0, netPayable: -1_000 }],
    ['a negative previous net carried forward', [commissionLine(payment(1_500, 500), 'a', at)], -400, { lenderOwes: 1_500, platformKeeps: 500, earnedNet: 1_000, carriedForward: -400, netPayable: 600 }],
    ['nothing', [], null, { lenderOwes: 0, platformKeeps: 0, earnedNet: 0, carriedForward: 0, netPayable: 0 }],
  ])('%s', (_, lines, previous, totals) => {
    expect(statementTotals(lines, previous)).toEqual(totals);
  });
});
