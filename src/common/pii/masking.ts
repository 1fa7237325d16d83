/**
 * Masks used in every answer unless the caller may see PII in full (DESIGN §2):
 * the owning lender and the partner currently assigned to the case.
 */
/** Calling codes of the markets we serve; any other number keeps no country hint. */
const CALLING_CODES = ['1', '7', '44', '49', '52', '86', '91'];

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  const last4 = digits.slice(-4);
  if (!trimmed.startsWith('+')) return `***-***-${last4}`;
  const code = CALLING_CODES.find((c) => digits.startsWith(c) && digits.length - c.length >= 7);
  return `+${code ?? '**'} ***-***-${last4}`;
}

export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const [local, domain] = email.split('@');
  if (!domain || !local) return '***';
  return `${local[0]}***@${domain}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return name;
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]}***`)
    .join(' ');
}

export function maskNationalId(id: string | null): string | null {
  if (!id) return id;
  const compact = id.replace(/[\s-]/g, '');
  return `***${compact.slice(-4)}`;
}

/** Keeps only the locality-level tail (after the last comma), enough to route field work. */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  const parts = address.split(',');
  return parts.length > 1 ? `***,${parts.slice(-2).join(',')}` : '***';
}
