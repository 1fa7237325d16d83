import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OutboxService } from '../common/outbox/outbox.service';
import { LoginBackoff } from '../common/rate-limit/login-backoff';
import { AuthErrors } from './auth.errors';
import { presentOrg, presentUser } from './auth.presenter';
import { LoginDto, RegisterDto } from './dto/auth.dto';
import { Org } from './org.entity';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password';
import { RefreshToken } from './refresh-token.entity';
import { IssuedTokens, safeEqualHex, TokensService } from './tokens.service';
import { User } from './user.entity';
import { ROW_LOCK } from '../common/database/row-lock';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly backoff: LoginBackoff,
  ) {}

  /** A new organisation and its owner, logged in. */
  async register(dto: RegisterDto) {
    const passwordHash = await hashPassword(dto.user.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const org = manager.create(Org, { name: dto.org.name.trim(), kind: dto.org.kind, region: dto.org.region, createdAt: now });
        await manager.insert(Org, org);
        const user = manager.create(User, {
          orgId: org.id,
          email: dto.user.email.toLowerCase(),
          name: dto.user.name.trim(),
          role: 'owner',
          passwordHash,
          status: 'active',
          createdAt: now,
        });
        await manager.insert(User, user);
        await this.outbox.record(manager, { type: 'org.registered', aggregateType: 'org', aggregateId: org.id, orgIds: [org.id], payload: { org_id: org.id, name: org.name, kind: org.kind, region: org.region } });
        const tokens = await this.tokens.issue(manager, user, org.kind);
        return { org: presentOrg(org), user: presentUser(user), ...tokens };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw AuthErrors.emailTaken();
      throw err;
    }
  }

  async login(dto: LoginDto) {
    const email = dto.email.toLowerCase();
    await this.backoff.assertAllowed(email);
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || user.status !== 'active') {
      await this.backoff.recordFailure(email);
      throw AuthErrors.invalidCredentials();
    }
    await this.backoff.reset(email);
    const org = await this.dataSource.getRepository(Org).findOneByOrFail({ id: user.orgId });
    const tokens = await this.tokens.issue(this.dataSource.manager, user, org.kind);
    return { user: presentUser(user), org: presentOrg(org), ...tokens };
  }

  /**
   * Rotates a refresh token under a row lock, so two parallel refreshes with the same token
   * cannot both succeed; a second use of a spent token revokes the whole family.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const parsed = this.tokens.parseRefreshToken(refreshToken);
    if (!parsed) throw AuthErrors.invalidRefreshToken();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(RefreshToken).createQueryBuilder('t').setLock(ROW_LOCK).where('t.id = :id', { id: parsed.id }).getOne();
      if (!row || !safeEqualHex(row.secretHash, parsed.secretHash)) return { error: AuthErrors.invalidRefreshToken() };
      const now = this.clock.now();
      if (row.usedAt || row.revokedAt) {
        await manager.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { error: AuthErrors.refreshTokenReused() };
      }
      if (row.expiresAt <= now) return { error: AuthErrors.invalidRefreshToken() };
      const user = await manager.findOneBy(User, { id: row.userId });
      if (!user || user.status !== 'active') return { error: AuthErrors.invalidRefreshToken() };
      const org = await manager.findOneByOrFail(Org, { id: user.orgId });
      await manager.update(RefreshToken, { id: row.id }, { usedAt: now });
      return { tokens: await this.tokens.issue(manager, user, org.kind, row.familyId) };
    });
    // The family revocation above must commit even though the caller is refused.
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }
}
