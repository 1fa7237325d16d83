import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { findOwnedOr404, scopeToOrg } from '../common/tenancy/tenancy';
import { Principal, Role, rolesGrantableBy, rolesForKind } from '../common/tenancy/principal';
import { AuthErrors } from './auth.errors';
import { presentApiKey } from './auth.presenter';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyDto } from './dto/auth.dto';
import { Org } from './org.entity';
import { sha256 } from './tokens.service';

/** Writes of last_used_at are coarse so that a busy key does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const API_KEY_PREFIX = 'rk_';

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectRepository(Org) private readonly orgs: Repository<Org>,
    private readonly clock: Clock,
  ) {}

  /** The plaintext key is in this answer only; afterwards only its hash exists. */
  async create(principal: Principal, dto: CreateApiKeyDto) {
    if (!principal.userId) throw AuthErrors.humansOnly();
    const role: Role = dto.role ?? (principal.orgKind === 'platform' ? 'compliance' : 'manager');
    if (!rolesForKind(principal.orgKind).includes(role)) throw AuthErrors.roleNotForOrgKind(role, principal.orgKind);
    if (!rolesGrantableBy(principal.role).includes(role)) throw AuthErrors.roleNotGrantable(role);
    const secret = `${API_KEY_PREFIX}live_${randomBytes(30).toString('base64url')}`;
    const key = this.keys.create({
      orgId: principal.orgId,
      name: dto.name.trim(),
      prefix: secret.slice(0, 12),
      keyHash: sha256(secret),
      role,
      createdByUserId: principal.userId,
      createdAt: this.clock.now(),
    });
    await this.keys.insert(key);
    return { ...presentApiKey(key), key: secret };
  }

  async list(principal: Principal, query: PageQuery): Promise<Page<ReturnType<typeof presentApiKey>>> {
    const { items, nextCursor } = await paginate(scopeToOrg(this.keys.createQueryBuilder('key'), principal), query);
    return { data: items.map(presentApiKey), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string) {
    return presentApiKey(await findOwnedOr404(this.keys, principal, id, 'api_key'));
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    const key = await findOwnedOr404(this.keys, principal, id, 'api_key');
    if (!key.revokedAt) await this.keys.update({ id: key.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  async authenticate(secret: string): Promise<Principal | null> {
    const key = await this.keys.findOneBy({ keyHash: sha256(secret) });
    if (!key || key.revokedAt) return null;
    const org = await this.orgs.findOneByOrFail({ id: key.orgId });
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.update({ id: key.id }, { lastUsedAt: now });
    }
    return { orgId: key.orgId, orgKind: org.kind, role: key.role, userId: null, apiKeyId: key.id };
  }
}
