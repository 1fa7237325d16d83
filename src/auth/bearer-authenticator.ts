import { Injectable } from '@nestjs/common';
import { Principal } from '../common/tenancy/principal';
import { AccountStanding } from './account-standing';
import { ApiKeysService, API_KEY_PREFIX } from './api-keys.service';
import { AuthErrors } from './auth.errors';
import { TokensService } from './tokens.service';

/**
 * `Authorization: Bearer <access token | rk_ API key>` → the caller. One implementation for the
 * API's guard and for routes outside Nest's router (the queue dashboard).
 */
@Injectable()
export class BearerAuthenticator {
  constructor(
    private readonly tokens: TokensService,
    private readonly apiKeys: ApiKeysService,
    private readonly standing: AccountStanding,
  ) {}

  async authenticate(header: string): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AuthErrors.invalidToken();
    const bearer = match[1]!;
    if (bearer.startsWith(API_KEY_PREFIX)) {
      const key = await this.apiKeys.authenticate(bearer);
      if (!key) throw AuthErrors.invalidToken();
      return key;
    }
    const principal = await this.tokens.verifyAccess(bearer);
    if (!principal || !(await this.standing.confirms(principal))) throw AuthErrors.invalidToken();
    return principal;
  }

  /** A person named by another token of ours (the queue dashboard's session cookie): still active, in the same org, kind and role. */
  confirms(principal: Principal): Promise<boolean> {
    return this.standing.confirms(principal);
  }
}
