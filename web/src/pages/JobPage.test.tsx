import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ComplianceAnswer } from './JobPage';

const reason = { code: 'us.contact_window', kind: 'contact_window' as const, citation: 'FDCPA', message: '21:00 on 2026-03-16 in America/New_York (address) is outside 08:00–21:00', numbers: {}, clears_at: null };

describe('ComplianceAnswer', () => {
  it('says when the contact would be allowed, in the borrower’s zone, with each rule’s sentence', () => {
    const html = renderToStaticMarkup(<ComplianceAnswer answer={{ allowed: false, reasons: [reason], next_allowed_at: '2026-03-17T12:00:00.000Z', rules_in_force: [] }} zone="America/New_York" />);
    expect(html.replace(/\u202f/g, ' ')).toContain('Not before Mar 17, 2026, 8:00 AM (America/New_York) borrower time.');
    expect(html).toContain(`<li>${reason.message}</li>`);
  });

  it('says when waiting does not help, and when the contact is allowed', () => {
    expect(renderToStaticMarkup(<ComplianceAnswer answer={{ allowed: false, reasons: [reason], next_allowed_at: null, rules_in_force: [] }} zone={undefined} />)).toContain('Not allowed: waiting does not help.');
    expect(renderToStaticMarkup(<ComplianceAnswer answer={{ allowed: true, reasons: [], next_allowed_at: '2026-03-17T12:00:00.000Z', rules_in_force: [] }} zone="America/New_York" />)).toBe('<p class="allowed">Allowed now by the contact rules.</p>');
  });
});
