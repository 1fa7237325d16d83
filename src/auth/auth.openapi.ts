import { dateTime, defineSchema, enumOf, nullable, objectOf, uuid } from '../common/openapi/schema';
import { ORG_KINDS, ORG_ROLES, PLATFORM_ROLES } from '../common/tenancy/principal';

/** The shapes of `auth.presenter.ts` and the token answers. */
const ROLES = [...ORG_ROLES, ...PLATFORM_ROLES];

export const OrgSchema = defineSchema(
  'Org',
  objectOf({ id: uuid, name: { type: 'string', example: 'First Auto Finance' }, kind: enumOf(ORG_KINDS), region: { type: 'string', example: 'US-TX' }, created_at: dateTime }),
);

export const UserSchema = defineSchema(
  'User',
  objectOf({
    id: uuid,
    org_id: uuid,
    email: { type: 'string', format: 'email', example: 'ops@firstauto.example' },
    name: { type: 'string', example: 'Dana Ortiz' },
    role: enumOf(ROLES),
    status: enumOf(['active', 'disabled']),
    created_at: dateTime,
  }),
);

const apiKeyFields = {
  id: uuid,
  name: { type: 'string', example: 'loan-system' },
  prefix: { type: 'string', example: 'rk_4f9a' },
  role: enumOf(ROLES),
  created_at: dateTime,
  last_used_at: nullable(dateTime),
  revoked_at: nullable(dateTime),
};

export const ApiKeySchema = defineSchema('ApiKey', objectOf(apiKeyFields));

export const CreatedApiKeySchema = defineSchema(
  'CreatedApiKey',
  objectOf({ ...apiKeyFields, key: { type: 'string', description: 'the secret, shown only in this answer', example: 'rk_4f9a…' } }),
);

const tokenFields = {
  access_token: { type: 'string', description: 'JWT, sent as `Authorization: Bearer …`' },
  refresh_token: { type: 'string', description: 'single use; POST /v1/auth/refresh exchanges it for a new pair' },
  token_type: enumOf(['Bearer']),
  expires_in: { type: 'integer', description: 'seconds until the access token expires', example: 900 },
};

export const TokensSchema = defineSchema('Tokens', objectOf(tokenFields));

export const SessionSchema = defineSchema('Session', objectOf({ org: OrgSchema, user: UserSchema, ...tokenFields }));

export const MeSchema = defineSchema(
  'Me',
  objectOf({
    org: OrgSchema,
    user: nullable(UserSchema),
    role: enumOf(ROLES),
    authenticated_with: enumOf(['access_token', 'api_key']),
    api_key_id: nullable(uuid),
  }),
);
