import { Injectable } from '@nestjs/common';
import { Principal } from '../common/tenancy/principal';
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
  ) {}

  async authenticate(header: string): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AuthErrors.invalidToken();
    const bearer = match[1]!;
    const principal = bearer.startsWith(API_KEY_PREFIX) ? await this.apiKeys.authenticate(bearer) : await this.tokens.verifyAccess(bearer);
    if (!principal) throw AuthErrors.invalidToken();
    return principal;
  }
}
