import { maskEmail, maskName, maskNationalId, maskPhone } from '../common/pii/masking';
import { PiiCipher } from '../common/pii/pii-cipher';
import { Case } from './case.entity';
import { PlacementAddress, PlacementBorrower } from './domain/placement-row';

/** Purposes of the blind indexes: scoped so equal values in different fields never share an index value. */
export const BLIND_INDEX = { phone: 'borrower_phone', email: 'borrower_email', nationalId: 'borrower_national_id' } as const;

export interface EncryptedBorrower {
  readonly borrowerNameEnc: string;
  readonly borrowerPhoneEnc: string | null;
  readonly borrowerEmailEnc: string | null;
  readonly borrowerAddressEnc: string | null;
  readonly borrowerNationalIdEnc: string | null;
  readonly piiKeyId: string;
  readonly borrowerPhoneBidx: string | null;
  readonly borrowerEmailBidx: string | null;
  readonly borrowerNationalIdBidx: string | null;
  readonly borrowerTimezone: string;
  readonly borrowerRegion: string;
  readonly borrowerLanguage: string | null;
}

/** DESIGN §2: names, phones, e-mails, addresses and national ids are stored only encrypted. */
export function encryptBorrower(cipher: PiiCipher, borrower: PlacementBorrower): EncryptedBorrower {
  const name = cipher.encrypt(borrower.name);
  return {
    borrowerNameEnc: name,
    borrowerPhoneEnc: cipher.encryptNullable(borrower.phone),
    borrowerEmailEnc: cipher.encryptNullable(borrower.email),
    borrowerAddressEnc: borrower.address ? cipher.encrypt(JSON.stringify(borrower.address)) : null,
    borrowerNationalIdEnc: cipher.encryptNullable(borrower.national_id),
    piiKeyId: cipher.keyIdOf(name)!,
    borrowerPhoneBidx: borrower.phone ? cipher.blindIndex(BLIND_INDEX.phone, borrower.phone) : null,
    borrowerEmailBidx: borrower.email ? cipher.blindIndex(BLIND_INDEX.email, borrower.email) : null,
    borrowerNationalIdBidx: borrower.national_id ? cipher.blindIndex(BLIND_INDEX.nationalId, borrower.national_id) : null,
    borrowerTimezone: borrower.timezone,
    borrowerRegion: borrower.region,
    borrowerLanguage: borrower.preferred_language,
  };
}

/** The borrower's address, decrypted (one ciphertext for the whole address). */
export function decryptAddress(cipher: PiiCipher, ciphertext: string | null): PlacementAddress | null {
  const address = cipher.decryptNullable(ciphertext);
  return address ? (JSON.parse(address) as PlacementAddress) : null;
}

export function decryptBorrower(cipher: PiiCipher, row: Case): PlacementBorrower {
  return {
    name: cipher.decrypt(row.borrowerNameEnc),
    phone: cipher.decryptNullable(row.borrowerPhoneEnc),
    email: cipher.decryptNullable(row.borrowerEmailEnc),
    address: decryptAddress(cipher, row.borrowerAddressEnc),
    national_id: cipher.decryptNullable(row.borrowerNationalIdEnc),
    timezone: row.borrowerTimezone,
    region: row.borrowerRegion,
    preferred_language: row.borrowerLanguage,
  };
}

/**
 * The masked borrower of every answer (DESIGN §2). The address keeps city and postal code —
 * enough to route field work — and hides the street; the masks are computed from ciphertext
 * presence and the decrypted value, never from a stored plain copy.
 */
export function maskBorrower(borrower: PlacementBorrower): PlacementBorrower {
  return {
    ...borrower,
    name: maskName(borrower.name) ?? '***',
    phone: maskPhone(borrower.phone),
    email: maskEmail(borrower.email),
    national_id: maskNationalId(borrower.national_id),
    address: borrower.address
      ? { line1: '***', line2: borrower.address.line2 ? '***' : null, city: borrower.address.city, postal_code: borrower.address.postal_code }
      : null,
  };
}
