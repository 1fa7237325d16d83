import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiNoContent, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { PageQuery } from '../common/pagination/pagination';
import { RateLimited } from '../common/rate-limit/rate-limit.guard';
import { CurrentPrincipal, Public, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ApiKeysService } from './api-keys.service';
import { ApiKeySchema, CreatedApiKeySchema, MeSchema, SessionSchema, TokensSchema, UserSchema } from './auth.openapi';
import { AuthService } from './auth.service';
import { AddOrgUserDto, CreateApiKeyDto, LoginDto, RefreshDto, RegisterDto } from './dto/auth.dto';
import { OrgUsersService } from './org-users.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimited('auth')
  @Post('auth/register')
  @ApiSummary('Register an organisation and its first user', 'The user becomes the org’s owner; partners start in `applied` (DESIGN §3).')
  @ApiAnswer(SessionSchema, { status: 201 })
  @ApiProblems(429)
  register(@Body() dto: RegisterDto) {
    return this.auth.register(dto);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/login')
  @HttpCode(200)
  @ApiSummary('Sign in with email and password')
  @ApiAnswer(SessionSchema)
  @ApiProblems(401, 429)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiSummary('Exchange a refresh token for a new token pair', 'A refresh token works once; reusing one revokes its family.')
  @ApiAnswer(TokensSchema)
  @ApiProblems(401, 429)
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refresh_token);
  }
}

@ApiTags('auth')
@Controller()
export class AccountController {
  constructor(
    private readonly users: OrgUsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Get('me')
  @ApiSummary('Who am I', 'The caller’s org, user (null for an API key) and role.')
  @ApiAnswer(MeSchema)
  me(@CurrentPrincipal() principal: Principal) {
    return this.users.me(principal);
  }

  @Roles('owner', 'manager', 'admin')
  @Post('org/users')
  @ApiSummary('Add a user to the org')
  @ApiAnswer(UserSchema, { status: 201 })
  addUser(@CurrentPrincipal() principal: Principal, @Body() dto: AddOrgUserDto) {
    return this.users.add(principal, dto);
  }

  @Get('org/users')
  @ApiSummary('List the org’s users')
  @ApiPage(UserSchema)
  listUsers(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.users.list(principal, query);
  }

  @Get('org/users/:id')
  @ApiSummary('Read a user of the org')
  @ApiAnswer(UserSchema)
  getUser(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.users.get(principal, id);
  }

  @Roles('owner', 'manager', 'admin')
  @Post('api-keys')
  @ApiSummary('Create an API key', 'The secret `key` is in this answer only.')
  @ApiAnswer(CreatedApiKeySchema, { status: 201 })
  createApiKey(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(principal, dto);
  }

  @Roles('owner', 'manager', 'admin')
  @Get('api-keys')
  @ApiSummary('List the org’s API keys')
  @ApiPage(ApiKeySchema)
  listApiKeys(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.apiKeys.list(principal, query);
  }

  @Roles('owner', 'manager', 'admin')
  @Get('api-keys/:id')
  @ApiSummary('Read an API key')
  @ApiAnswer(ApiKeySchema)
  getApiKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.apiKeys.get(principal, id);
  }

  @Roles('owner', 'manager', 'admin')
  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiSummary('Revoke an API key')
  @ApiNoContent('Revoked')
  async revokeApiKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.apiKeys.revoke(principal, id);
  }
}
