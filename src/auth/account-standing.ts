import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { OrgKind, Principal, Role } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { Org } from './org.entity';
import { User } from './user.entity';

/** How stale a user's standing may be: a deleted, disabled or re-roled user loses a token's rights within this. */
export const STANDING_TTL_MS = 30_000;

interface Standing {
  readonly orgId: string;
  readonly orgKind: OrgKind;
  readonly role: Role;
  readonly active: boolean;
}

/**
 * An access token's claims (user, org, kind, role) checked against the database (issue 11 item 5):
 * a validly signed token for a user that does not exist, was disabled, moved org or changed role
 * is refused. Standings are cached in-process briefly, on the injected clock, keyed by user id.
 */
@Injectable()
export class AccountStanding {
  private readonly cache: LRUCache<string, Standing>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Org) private readonly orgs: Repository<Org>,
    clock: Clock,
  ) {
    this.cache = new LRUCache<string, Standing>({ max: 10_000, ttl: STANDING_TTL_MS, perf: { now: () => clock.now().getTime() } });
  }

  async confirms(claimed: Principal): Promise<boolean> {
    if (!claimed.userId || !isUuid(claimed.userId)) return false;
    const standing = await this.standingOf(claimed.userId);
    return !!standing && standing.active && standing.orgId === claimed.orgId && standing.orgKind === claimed.orgKind && standing.role === claimed.role;
  }

  private async standingOf(userId: string): Promise<Standing | undefined> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const user = await this.users.findOneBy({ id: userId });
    const org = user ? await this.orgs.findOneBy({ id: user.orgId }) : null;
    if (!user || !org) return undefined;
    const standing: Standing = { orgId: user.orgId, orgKind: org.kind, role: user.role, active: user.status === 'active' };
    this.cache.set(userId, standing);
    return standing;
  }
}
