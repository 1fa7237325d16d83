import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, IS_PUBLIC } from '../common/tenancy/decorators';
import { AuthErrors } from './auth.errors';
import { BearerAuthenticator } from './bearer-authenticator';

/** A bearer on every route not marked @Public (a public route still reads one when given). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    if (!header) {
      if (isPublic) return true;
      throw AuthErrors.missingCredentials();
    }
    request.principal = await this.bearer.authenticate(header);
    return true;
  }
}
