import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PiiCipher } from '../common/pii/pii-cipher';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** Old and new secrets both sign deliveries for this long after a rotation (DESIGN §9 via issue 6). */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** Signing secrets: generated here, stored encrypted (AES-256-GCM, the PII keyring), shown once. */
@Injectable()
export class WebhookSecrets {
  constructor(private readonly cipher: PiiCipher) {}

  generate(): { plaintext: string; ciphertext: string } {
    const plaintext = `whsec_${randomBytes(32).toString('base64url')}`;
    return { plaintext, ciphertext: this.cipher.encrypt(plaintext) };
  }

  /** The secrets a delivery is signed with now: the current one, and the previous one during the overlap. */
  signingSecrets(endpoint: Pick<WebhookEndpoint, 'secretCiphertext' | 'previousSecretCiphertext' | 'previousSecretExpiresAt'>, now: Date): string[] {
    const secrets = [this.cipher.decrypt(endpoint.secretCiphertext)];
    if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
      secrets.push(this.cipher.decrypt(endpoint.previousSecretCiphertext));
    }
    return secrets;
  }
}
