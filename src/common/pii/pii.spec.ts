import { PiiCipher } from './pii-cipher';
import { maskAddress, maskEmail, maskName, maskNationalId, maskPhone } from './masking';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const blind = Buffer.alloc(32, 3);

describe('PiiCipher', () => {
  const cipher = new PiiCipher({ keys: new Map([['k1', k1]]), activeKeyId: 'k1', blindIndexKey: blind });

  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('Jane Doe');
    const b = cipher.encrypt('Jane Doe');
    expect(a).not.toEqual(b);
    expect(a.startsWith('v1.k1.')).toBe(true);
    expect(cipher.decrypt(a)).toBe('Jane Doe');
  });

  it('detects tampering', () => {
    const c = cipher.encrypt('+14155550123').split('.');
    c[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(c.join('.'))).toThrow();
  });

  it('reads values written under an older key after rotation', () => {
    const old = cipher.encrypt('555-12-3456');
    const rotated = new PiiCipher({ keys: new Map([['k1', k1], ['k2', k2]]), activeKeyId: 'k2', blindIndexKey: blind });
    expect(rotated.decrypt(old)).toBe('555-12-3456');
    expect(rotated.keyIdOf(rotated.encrypt('x'))).toBe('k2');
    const withoutOld = new PiiCipher({ keys: new Map([['k2', k2]]), activeKeyId: 'k2', blindIndexKey: blind });
    expect(() => withoutOld.decrypt(old)).toThrow(/k1/);
  });

  it('gives a stable blind index on normalised input, scoped by purpose', () => {
    expect(cipher.blindIndex('borrower_phone', '+1 (415) 555-0123')).toBe(cipher.blindIndex('borrower_phone', '+14155550123'));
    expect(cipher.blindIndex('borrower_email', 'Jane@Example.com ')).toBe(cipher.blindIndex('borrower_email', 'jane@example.com'));
    expect(cipher.blindIndex('borrower_phone', '123')).not.toBe(cipher.blindIndex('borrower_national_id', '123'));
  });
});

describe('masking', () => {
  it.each([
    [maskPhone('+14155551234'), '+1 ***-***-1234'],
    [maskPhone('+8613800138000'), '+86 ***-***-8000'],
    [maskEmail('jane.doe@example.com'), 'j***@example.com'],
    [maskName('Jane Doe'), 'J*** D***'],
    [maskNationalId('123-45-6789'), '***6789'],
    [maskAddress('12 Main St, Austin, TX 78701'), '***, Austin, TX 78701'],
    [maskPhone(null), null],
  ])('masks to %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
