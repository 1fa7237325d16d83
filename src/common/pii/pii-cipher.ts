import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';

export interface PiiKeyring {
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;
  readonly blindIndexKey: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
/** IVs drawn from the CSPRNG 1,024 at a time: one call per field cost about as much as the AES itself (issue 18). */
const IV_POOL_BYTES = IV_BYTES * 1024;

/**
 * AES-256-GCM field encryption (DESIGN §2). A ciphertext carries the id of the key that made it
 * (`v1.<keyId>.<iv>.<tag>.<data>`), so keys can be rotated: new writes use the active key, old
 * rows stay readable while any key listed in PII_KEYS can open them.
 */
export class PiiCipher {
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(private readonly keyring: PiiKeyring) {
    if (!keyring.keys.has(keyring.activeKeyId)) throw new Error(`PII key "${keyring.activeKeyId}" is not configured`);
  }

  encrypt(plaintext: string): string {
    const key = this.keyring.keys.get(this.keyring.activeKeyId)!;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.keyring.activeKeyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
  }

  /** A fresh random IV; each slice of the pool is handed out once, so no IV repeats under a key. */
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomFillSync(Buffer.allocUnsafe(IV_POOL_BYTES));
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  decrypt(ciphertext: string): string {
    const [version, keyId, iv, tag, data] = ciphertext.split('.');
    if (version !== VERSION || !keyId || iv === undefined || tag === undefined || data === undefined) throw new Error('not a Reclaim PII ciphertext');
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new Error(`PII key "${keyId}" is not configured; it is needed to read this value`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  encryptNullable(plaintext: string | null | undefined): string | null {
    return plaintext === null || plaintext === undefined || plaintext === '' ? null : this.encrypt(plaintext);
  }

  decryptNullable(ciphertext: string | null | undefined): string | null {
    return ciphertext ? this.decrypt(ciphertext) : null;
  }

  /** Key id a ciphertext was made with: lets a re-encryption job find rows still on an old key. */
  keyIdOf(ciphertext: string): string | undefined {
    return ciphertext.split('.')[1];
  }

  /**
   * Keyed blind index: an HMAC of the normalised value, scoped by purpose so equal phones and
   * national ids do not share index values. Equality search without decrypting.
   */
  blindIndex(purpose: string, value: string): string {
    return createHmac('sha256', this.keyring.blindIndexKey).update(`${purpose}\u0000${normaliseForIndex(purpose, value)}`).digest('hex');
  }
}

export function normaliseForIndex(purpose: string, value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (purpose.includes('phone')) return trimmed.replace(/[^\d+]/g, '');
  if (purpose.includes('national_id')) return trimmed.replace(/[\s-]/g, '');
  return trimmed.replace(/\s+/g, ' ');
}
