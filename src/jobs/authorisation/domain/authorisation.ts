import type { JobStatus } from '../../domain/job-status';
import type { WorkKind } from '../../domain/work-kind';

/** A letter is good for 30 days from issue at most, and only while its job is at work. */
export const LETTER_VALIDITY_DAYS = 30;

export const LETTER_LANGUAGES = ['en', 'zh-CN'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

export const INVALID_REASONS = ['job_on_hold', 'job_recalled', 'job_ended', 'expired'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

/**
 * Whether a letter authorises its bearer now. The job's state decides it on every check (never
 * cached): a hold, a recall or any end of the job withdraws the authority at once.
 */
export function letterValidity(status: JobStatus, validUntil: Date, now: Date): { valid: true; reason: null } | { valid: false; reason: InvalidReason } {
  if (status === 'on_hold') return { valid: false, reason: 'job_on_hold' };
  if (status === 'recalled') return { valid: false, reason: 'job_recalled' };
  if (status !== 'accepted' && status !== 'in_progress') return { valid: false, reason: 'job_ended' };
  if (now.getTime() >= validUntil.getTime()) return { valid: false, reason: 'expired' };
  return { valid: true, reason: null };
}

/** Statuses a letter may be issued in: the work has been accepted and not stopped. */
export function mayIssueLetter(status: JobStatus): boolean {
  return status === 'accepted' || status === 'in_progress';
}

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 bits of a keyed digest as 16 characters in four groups (`7K3M-2QXD-9HFA-R1TB`). */
export function formatCode(digest: Buffer): string {
  if (digest.length < 10) throw new RangeError('a verification code needs 80 bits');
  let bits = 0n;
  for (const byte of digest.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 15; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return out.match(/.{4}/g)!.join('-');
}

/** What a person typed, in the stored form: case, spaces and dashes ignored, look-alikes mapped (Crockford). */
export function normaliseCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(compact)) return null;
  return compact.match(/.{4}/g)!.join('-');
}

export interface LetterView {
  readonly language: LetterLanguage;
  readonly lenderName: string;
  readonly partnerName: string;
  readonly kind: WorkKind;
  readonly jobId: string;
  readonly jobTitle: string;
  /** The lender's own references of the cases (account numbers), no borrower data. */
  readonly caseReferences: readonly string[];
  /** The collateral a repossession or transport is about: what the bearer must identify. */
  readonly vehicle: { readonly vin: string; readonly year: number | null; readonly make: string | null; readonly model: string | null } | null;
  readonly issuedAt: Date;
  readonly validUntil: Date;
  readonly code: string;
  readonly verifyUrl: string;
}

const TEXT = {
  en: {
    title: 'Letter of authorisation',
    intro: (v: LetterView) => `${v.lenderName} has engaged ${v.partnerName} and authorises its staff carrying this letter to carry out the work below on its behalf.`,
    work: { collection: 'Collection of the account', repossession: 'Repossession of the vehicle', transport: 'Transport of the vehicle', skip_trace: 'Locating the account holder' } satisfies Record<WorkKind, string>,
    labels: { lender: 'Lender', partner: 'Authorised partner', work: 'Work authorised', references: 'Account reference', vehicle: 'Vehicle', vin: 'VIN', job: 'Assignment', validity: 'Valid', code: 'Verification code' },
    validity: (from: string, to: string) => `from ${from} until ${to} (UTC), and only while the assignment is active`,
    verify: 'Anyone may check that this letter is valid now, and for whom, at:',
    note: 'This letter confers no authority once the lender recalls, holds or ends the assignment; the check above always answers for the present moment.',
  },
  'zh-CN': {
    title: '委托书',
    intro: (v: LetterView) => `${v.lenderName}已委托${v.partnerName}，授权其持本委托书的工作人员代表本机构办理以下事项。`,
    work: { collection: '账款催收', repossession: '车辆收回', transport: '车辆运输', skip_trace: '查找债务人下落' } satisfies Record<WorkKind, string>,
    labels: { lender: '委托方', partner: '受托方', work: '委托事项', references: '账户编号', vehicle: '车辆', vin: '车架号', job: '委托编号', validity: '有效期', code: '验证码' },
    validity: (from: string, to: string) => `自 ${from} 至 ${to}（UTC），且仅在委托有效期间有效`,
    verify: '任何人均可通过以下地址核实本委托书当前是否有效及受托方：',
    note: '委托方撤回、暂停或终止委托后，本委托书即失去效力；上述核实结果始终以查询时为准。',
  },
} as const;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const stamp = (at: Date): string => at.toISOString().slice(0, 16).replace('T', ' ');

/** The printable letter: one A4 page of HTML with print CSS; every value from the database is escaped. */
export function renderLetter(v: LetterView): string {
  const t = TEXT[v.language];
  const vehicle = v.vehicle ? [v.vehicle.year, v.vehicle.make, v.vehicle.model].filter((x) => x !== null && x !== '').join(' ') : null;
  const rows: [string, string][] = [
    [t.labels.lender, v.lenderName],
    [t.labels.partner, v.partnerName],
    [t.labels.work, t.work[v.kind]],
    ...(v.caseReferences.length > 0 ? [[t.labels.references, v.caseReferences.join(', ')] as [string, string]] : []),
    ...(v.vehicle ? [[t.labels.vehicle, vehicle || '—'] as [string, string], [t.labels.vin, v.vehicle.vin] as [string, string]] : []),
    [t.labels.job, `${v.jobTitle} (${v.jobId})`],
    [t.labels.validity, t.validity(stamp(v.issuedAt), stamp(v.validUntil))],
  ];
  return `<!doctype html>
<html lang="${v.language}">
<head>
<meta charset="utf-8">
<title>${esc(t.title)} — ${esc(v.partnerName)}</title>
<style>
  body { font-family: "Helvetica Neue", Arial, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #111; max-width: 44rem; margin: 2rem auto; line-height: 1.5; }
  h1 { font-size: 1.6rem; border-bottom: 2px solid #111; padding-bottom: .3rem; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #ccc; }
  th { width: 30%; font-weight: 600; }
  .code { font-family: "Courier New", monospace; font-size: 1.4rem; letter-spacing: .1rem; }
  .note { font-size: .85rem; color: #444; }
  @page { size: A4; margin: 18mm; }
  @media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
<p>${esc(t.intro(v))}</p>
<table>
${rows.map(([label, value]) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`).join('\n')}
<tr><th>${esc(t.labels.code)}</th><td class="code">${esc(v.code)}</td></tr>
</table>
<p>${esc(t.verify)}<br><a href="${esc(v.verifyUrl)}">${esc(v.verifyUrl)}</a></p>
<p class="note">${esc(t.note)}</p>
</body>
</html>
`;
}
