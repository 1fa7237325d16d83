import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { OrgKind, Principal, Role, rolesForKind, rolesGrantableBy } from '../common/tenancy/principal';
import { findOwnedOr404, scopeToOrg } from '../common/tenancy/tenancy';
import { AuthErrors } from './auth.errors';
import { presentOrg, presentUser } from './auth.presenter';
import { AddOrgUserDto } from './dto/auth.dto';
import { Org } from './org.entity';
import { hashPassword } from './password';
import { User } from './user.entity';

/** An active person of an org, as notifications address them. */
export interface OrgMember {
  readonly userId: string;
  readonly orgId: string;
  readonly orgKind: OrgKind;
  readonly role: Role;
  readonly email: string;
}

@Injectable()
export class OrgUsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Org) private readonly orgs: Repository<Org>,
    private readonly clock: Clock,
  ) {}

  async add(principal: Principal, dto: AddOrgUserDto) {
    if (!principal.userId) throw AuthErrors.humansOnly();
    if (!rolesForKind(principal.orgKind).includes(dto.role)) throw AuthErrors.roleNotForOrgKind(dto.role, principal.orgKind);
    if (!rolesGrantableBy(principal.role).includes(dto.role)) throw AuthErrors.roleNotGrantable(dto.role);
    const user = this.users.create({
      orgId: principal.orgId,
      email: dto.email.toLowerCase(),
      name: dto.name.trim(),
      role: dto.role,
      passwordHash: await hashPassword(dto.password),
      status: 'active',
      createdAt: this.clock.now(),
    });
    try {
      await this.users.insert(user);
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw AuthErrors.emailTaken();
      throw err;
    }
    return presentUser(user);
  }

  async list(principal: Principal, query: PageQuery): Promise<Page<ReturnType<typeof presentUser>>> {
    const { items, nextCursor } = await paginate(scopeToOrg(this.users.createQueryBuilder('user'), principal), query);
    return { data: items.map(presentUser), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string) {
    return presentUser(await findOwnedOr404(this.users, principal, id, 'user'));
  }

  /**
   * The active members of these orgs, plus the platform staff with one of `platformRoles`, who
   * were members by `memberSince` (an event reaches the people who were there when it happened).
   * Reads in the caller's transaction when given one.
   */
  async activeMembers(
    orgIds: readonly string[],
    options: { platformRoles?: readonly Role[]; memberSince?: Date | string; manager?: EntityManager } = {},
  ): Promise<OrgMember[]> {
    const platformRoles = options.platformRoles ?? [];
    if (orgIds.length === 0 && platformRoles.length === 0) return [];
    const qb = (options.manager?.getRepository(User) ?? this.users)
      .createQueryBuilder('u')
      .innerJoin(Org, 'o', 'o.id = u.orgId')
      .select(['u.id AS user_id', 'u.orgId AS org_id', 'u.role AS role', 'u.email AS email', 'o.kind AS kind'])
      .where(`u.status = 'active'`)
      .andWhere(`(u.orgId = ANY(CAST(:orgIds AS uuid[])) OR (o.kind = 'platform' AND u.role = ANY(CAST(:platformRoles AS text[]))))`, { orgIds: [...orgIds], platformRoles: [...platformRoles] });
    if (options.memberSince !== undefined) qb.andWhere('u.createdAt <= :since', { since: options.memberSince });
    const rows: { user_id: string; org_id: string; role: Role; email: string; kind: OrgKind }[] = await qb.getRawMany();
    return rows.map((r) => ({ userId: r.user_id, orgId: r.org_id, orgKind: r.kind, role: r.role, email: r.email }));
  }

  /** The names of these orgs by id (unknown ids are left out). */
  async orgNames(orgIds: readonly string[]): Promise<Map<string, string>> {
    if (orgIds.length === 0) return new Map();
    const orgs = await this.orgs.find({ select: { id: true, name: true }, where: { id: In([...orgIds]) } });
    return new Map(orgs.map((o) => [o.id, o.name]));
  }

  async me(principal: Principal) {
    const org = await this.orgs.findOneByOrFail({ id: principal.orgId });
    const user = principal.userId ? await this.users.findOneBy({ id: principal.userId, orgId: principal.orgId }) : null;
    return {
      org: presentOrg(org),
      user: user ? presentUser(user) : null,
      role: principal.role,
      authenticated_with: principal.apiKeyId ? 'api_key' : 'access_token',
      api_key_id: principal.apiKeyId,
    };
  }
}
