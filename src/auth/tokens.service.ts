import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../common/clock/clock';
import { OrgKind, Principal, Role } from '../common/tenancy/principal';
import { RefreshToken } from './refresh-token.entity';

interface AccessClaims {
  sub: string;
  org: string;
  kind: OrgKind;
  role: Role;
  typ: 'access';
  exp?: number;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Short-lived JWT access tokens and opaque, hashed, rotating refresh tokens. */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(manager: EntityManager, user: { id: string; orgId: string; role: Role }, orgKind: OrgKind, familyId: string = randomUUID()): Promise<IssuedTokens> {
    const claims: AccessClaims = { sub: user.id, org: user.orgId, kind: orgKind, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.config.jwt.accessTtlSeconds,
      algorithm: 'HS256',
      issuer: 'reclaim',
    });
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await manager.insert(RefreshToken, {
      id,
      userId: user.id,
      familyId,
      secretHash: sha256(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.jwt.refreshTtlSeconds * 1000),
    });
    return { access_token: accessToken, refresh_token: `${id}.${secret}`, token_type: 'Bearer', expires_in: this.config.jwt.accessTtlSeconds };
  }

  async verifyAccess(token: string): Promise<Principal | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'], issuer: 'reclaim' });
      // jsonwebtoken accepts a token without `exp` as never expiring; ours always carry one.
      if (claims.typ !== 'access' || typeof claims.exp !== 'number') return null;
      return { userId: claims.sub, orgId: claims.org, orgKind: claims.kind, role: claims.role, apiKeyId: null };
    } catch {
      return null;
    }
  }

  /** Splits `<id>.<secret>`; null when malformed. */
  parseRefreshToken(token: string): { id: string; secretHash: string } | null {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
    return match ? { id: match[1]!, secretHash: sha256(match[2]!) } : null;
  }
}
