import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PiiCipher } from '../common/pii/pii-cipher';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** Old and new secrets both sign deliveries for this long after a rotation (DESIGN §9 via issue 6). */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** Signing secrets: generated here, stored encrypted (AES-256-GCM, the PII keyring), shown once. */
@Injectable()
export class WebhookSecrets {
  /** Opened secrets by ciphertext: every delivery signs, and an AES-GCM open per delivery showed in the profile (issue 18). */
  private readonly opened = new Map<string, string>();

  constructor(private readonly cipher: PiiCipher) {}

  generate(): { plaintext: string; ciphertext: string } {
    const plaintext = `whsec_${randomBytes(32).toString('base64url')}`;
    return { plaintext, ciphertext: this.cipher.encrypt(plaintext) };
  }

  /** The secrets a delivery is signed with now: the current one, and the previous one during the overlap. */
  signingSecrets(endpoint: Pick<WebhookEndpoint, 'secretCiphertext' | 'previousSecretCiphertext' | 'previousSecretExpiresAt'>, now: Date): string[] {
    const secrets = [this.open(endpoint.secretCiphertext)];
    if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
      secrets.push(this.open(endpoint.previousSecretCiphertext));
    }
    return secrets;
  }

  /** A rotation stores a new ciphertext, so a cached entry never outlives the secret it opens. */
  private open(ciphertext: string): string {
    let plaintext = this.opened.get(ciphertext);
    if (plaintext === undefined) {
      plaintext = this.cipher.decrypt(ciphertext);
      if (this.opened.size >= 10_000) this.opened.clear();
      this.opened.set(ciphertext, plaintext);
    }
    return plaintext;
  }
}
