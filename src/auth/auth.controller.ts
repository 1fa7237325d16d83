import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PageQuery } from '../common/pagination/pagination';
import { RateLimited } from '../common/rate-limit/rate-limit.guard';
import { CurrentPrincipal, Public, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ApiKeysService } from './api-keys.service';
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
  register(@Body() dto: RegisterDto) {
    return this.auth.register(dto);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refresh_token);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller()
export class AccountController {
  constructor(
    private readonly users: OrgUsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return this.users.me(principal);
  }

  @Roles('owner', 'manager', 'admin')
  @Post('org/users')
  addUser(@CurrentPrincipal() principal: Principal, @Body() dto: AddOrgUserDto) {
    return this.users.add(principal, dto);
  }

  @Get('org/users')
  listUsers(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.users.list(principal, query);
  }

  @Get('org/users/:id')
  getUser(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.users.get(principal, id);
  }

  @Roles('owner', 'manager', 'admin')
  @Post('api-keys')
  createApiKey(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(principal, dto);
  }

  @Roles('owner', 'manager', 'admin')
  @Get('api-keys')
  listApiKeys(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery) {
    return this.apiKeys.list(principal, query);
  }

  @Roles('owner', 'manager', 'admin')
  @Get('api-keys/:id')
  getApiKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.apiKeys.get(principal, id);
  }

  @Roles('owner', 'manager', 'admin')
  @Delete('api-keys/:id')
  @HttpCode(204)
  async revokeApiKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.apiKeys.revoke(principal, id);
  }
}
