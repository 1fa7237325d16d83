import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal, rolesForKind, rolesGrantableBy } from '../common/tenancy/principal';
import { findOwnedOr404, scopeToOrg } from '../common/tenancy/tenancy';
import { AuthErrors } from './auth.errors';
import { presentOrg, presentUser } from './auth.presenter';
import { AddOrgUserDto } from './dto/auth.dto';
import { Org } from './org.entity';
import { hashPassword } from './password';
import { User } from './user.entity';

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
