import { conflict, DomainError, forbidden, unauthorized } from '../common/problem/problem';

export const AuthErrors = {
  invalidCredentials: () => unauthorized('auth.invalid_credentials', 'The e-mail or password is wrong.'),
  invalidToken: () => unauthorized('auth.invalid_token', 'The bearer token is invalid or expired.'),
  missingCredentials: () => unauthorized('auth.missing_credentials', 'A bearer access token or API key is required.'),
  invalidRefreshToken: () => unauthorized('auth.invalid_refresh_token', 'The refresh token is invalid or expired.'),
  refreshTokenReused: () =>
    unauthorized('auth.refresh_token_reused', 'This refresh token was already used; every session of this login has been signed out. Log in again.'),
  emailTaken: () => conflict('user.email_taken', 'A user with this e-mail already exists.'),
  roleNotGrantable: (role: string) => forbidden('auth.role_not_grantable', `You cannot grant the role ${role}.`),
  humansOnly: () => forbidden('auth.user_required', 'This action must be done by a person logged in, not with an API key.'),
  roleNotForOrgKind: (role: string, kind: string): DomainError =>
    new DomainError('auth.role_not_for_org_kind', 422, 'Unprocessable request', `The role ${role} does not exist in ${kind} organisations.`),
};
