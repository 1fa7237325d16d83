import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, IS_PUBLIC } from '../common/tenancy/decorators';
import { ApiKeysService, API_KEY_PREFIX } from './api-keys.service';
import { AuthErrors } from './auth.errors';
import { TokensService } from './tokens.service';

/** `Authorization: Bearer <access token | rk_ API key>` on every route not marked @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    if (!header) {
      if (isPublic) return true;
      throw AuthErrors.missingCredentials();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AuthErrors.invalidToken();
    const bearer = match[1]!;
    const principal = bearer.startsWith(API_KEY_PREFIX) ? await this.apiKeys.authenticate(bearer) : await this.tokens.verifyAccess(bearer);
    if (!principal) throw AuthErrors.invalidToken();
    request.principal = principal;
    return true;
  }
}
