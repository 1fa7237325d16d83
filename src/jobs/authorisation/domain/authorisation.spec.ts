import { formatCode, LetterView, letterValidity, mayIssueLetter, normaliseCode, renderLetter } from './authorisation';
import type { JobStatus } from '../../domain/job-status';

const NOW = new Date('2026-06-05T17:00:00Z');
const LATER = new Date('2026-07-05T17:00:00Z');

describe('letterValidity', () => {
  it.each<[JobStatus, Date, boolean, string | null]>([
    ['accepted', LATER, true, null],
    ['in_progress', LATER, true, null],
    ['in_progress', NOW, false, 'expired'],
    ['on_hold', LATER, false, 'job_on_hold'],
    ['recalled', LATER, false, 'job_recalled'],
    ['completed', LATER, false, 'job_ended'],
    ['returned', LATER, false, 'job_ended'],
    ['cancelled', LATER, false, 'job_ended'],
    ['offered', LATER, false, 'job_ended'],
  ])('%s, valid until %s → %s (%s)', (status, until, valid, reason) => {
    expect(letterValidity(status, until, NOW)).toEqual({ valid, reason });
  });

  it.each<[JobStatus, boolean]>([
    ['accepted', true],
    ['in_progress', true],
    ['offered', false],
    ['on_hold', false],
    ['completed', false],
  ])('a letter may be issued while %s: %s', (status, may) => expect(mayIssueLetter(status)).toBe(may));
});

describe('verification codes', () => {
  it('formats 80 bits as four groups of Crockford base32', () => {
    expect(formatCode(Buffer.alloc(10, 0))).toBe('0000-0000-0000-0000');
    expect(formatCode(Buffer.alloc(10, 0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    // 00001 in every 5-bit group
    expect(formatCode(Buffer.from('08421084210842108421', 'hex'))).toBe('1111-1111-1111-1111');
    expect(() => formatCode(Buffer.alloc(9))).toThrow(RangeError);
  });

  it.each([
    ['7k3m-2qxd-9hfa-r1tb', '7K3M-2QXD-9HFA-R1TB'],
    ['7K3M 2QXD 9HFA R1TB', '7K3M-2QXD-9HFA-R1TB'],
    ['7K3M2QXD9HFAR1TB', '7K3M-2QXD-9HFA-R1TB'],
    ['OK3M-2QXD-9HFA-RITB', '0K3M-2QXD-9HFA-R1TB'],
    ['7K3M-2QXD-9HFA', null],
    ['7K3M-2QXD-9HFA-R1TU', null],
    ['<script>', null],
  ])('normalises %s → %s', (input, code) => expect(normaliseCode(input)).toBe(code));
});

describe('renderLetter', () => {
  const view: LetterView = {
    language: 'en',
    lenderName: 'Acme <Auto> Finance',
    partnerName: 'Golden State Recovery',
    kind: 'repossession',
    jobId: '00000000-0000-4000-8000-000000000001',
    jobTitle: 'CA repossessions',
    caseReferences: ['LN-1001'],
    vehicle: { vin: '1HGCM82633A004352', year: 2019, make: 'Honda', model: 'Accord' },
    issuedAt: NOW,
    validUntil: LATER,
    code: '7K3M-2QXD-9HFA-R1TB',
    verifyUrl: 'https://reclaim.example/v1/verify/7K3M-2QXD-9HFA-R1TB',
  };

  it('names the lender, the partner, the work, the references, the validity and the code, escaped, with print CSS', () => {
    const html = renderLetter(view);
    for (const part of ['Letter of authorisation', 'Acme &lt;Auto&gt; Finance', 'Golden State Recovery', 'Repossession of the vehicle', 'LN-1001', '2019 Honda Accord', '1HGCM82633A004352', '2026-07-05 17:00', '7K3M-2QXD-9HFA-R1TB', '@media print']) {
      expect(html).toContain(part);
    }
    expect(html).not.toContain('<Auto>');
  });

  it('speaks zh-CN', () => {
    const html = renderLetter({ ...view, language: 'zh-CN' });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('委托书');
    expect(html).toContain('车辆收回');
  });
});
