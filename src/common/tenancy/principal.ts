export const ORG_KINDS = ['lender', 'agency', 'tow_operator', 'buyer', 'platform'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Kinds a new organisation may register as; the platform org is created from the environment at boot. */
export const REGISTRABLE_ORG_KINDS = ['lender', 'agency', 'tow_operator', 'buyer'] as const;

export const ORG_ROLES = ['owner', 'manager', 'agent', 'viewer'] as const;
export const PLATFORM_ROLES = ['admin', 'compliance'] as const;
export type Role = (typeof ORG_ROLES)[number] | (typeof PLATFORM_ROLES)[number];

/** Who is calling: a user (access token) or a machine client (API key), always on behalf of one org. */
export interface Principal {
  readonly orgId: string;
  readonly orgKind: OrgKind;
  readonly role: Role;
  readonly userId: string | null;
  readonly apiKeyId: string | null;
}

/** Roles a given role may hand out: nobody grants more than they hold. */
export function rolesGrantableBy(role: Role): readonly Role[] {
  switch (role) {
    case 'owner':
      return ['owner', 'manager', 'agent', 'viewer'];
    case 'manager':
      return ['manager', 'agent', 'viewer'];
    case 'admin':
      return ['admin', 'compliance'];
    default:
      return [];
  }
}

export function rolesForKind(kind: OrgKind): readonly Role[] {
  return kind === 'platform' ? PLATFORM_ROLES : ORG_ROLES;
}
