import { ApiKey } from './api-key.entity';
import { Org } from './org.entity';
import { User } from './user.entity';

/** The JSON shapes of the auth resources: snake_case, never a hash. */
export const presentOrg = (org: Org) => ({ id: org.id, name: org.name, kind: org.kind, region: org.region, created_at: org.createdAt.toISOString() });

export const presentUser = (user: User) => ({
  id: user.id,
  org_id: user.orgId,
  email: user.email,
  name: user.name,
  role: user.role,
  status: user.status,
  created_at: user.createdAt.toISOString(),
});

export const presentApiKey = (key: ApiKey) => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  role: key.role,
  created_at: key.createdAt.toISOString(),
  last_used_at: key.lastUsedAt?.toISOString() ?? null,
  revoked_at: key.revokedAt?.toISOString() ?? null,
});
