import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;

/** zxcvbn-ts's list of the ~50,000 most common passwords (lower case), as NIST SP 800-63B §5.1.1.2 asks to check against. */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common']);

/** Local parts shorter than this are too common as substrings to refuse on ("jo@…"). */
const MIN_LOCAL_PART = 4;

/**
 * Why a chosen password is refused, or null (NIST SP 800-63B §5.1.1.2: at least the length,
 * not a known-common password, not a repetitive string, not the account's own name).
 */
export function passwordWeakness(password: string, email: string | undefined): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (/^(.)\1*$/su.test(password)) return 'password must not be one character repeated';
  if (COMMON_PASSWORDS.has(lower)) return 'password is one of the most common passwords; choose another';
  const localPart = typeof email === 'string' ? email.split('@')[0]!.toLowerCase() : '';
  if (localPart.length >= MIN_LOCAL_PART && lower.includes(localPart)) return 'password must not contain your e-mail address';
  return null;
}
