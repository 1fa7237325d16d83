import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RolesGuard } from '../common/tenancy/roles.guard';
import { AccountStanding } from './account-standing';
import { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { AccountController, AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BearerAuthenticator } from './bearer-authenticator';
import { Org } from './org.entity';
import { OrgNamesService } from './org-names.service';
import { OrgUsersService } from './org-users.service';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap';
import { RefreshToken } from './refresh-token.entity';
import { TokensService } from './tokens.service';
import { User } from './user.entity';

@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([Org, User, ApiKey, RefreshToken])],
  controllers: [AuthController, AccountController],
  providers: [
    AuthService,
    TokensService,
    ApiKeysService,
    OrgUsersService,
    OrgNamesService,
    PlatformAdminBootstrap,
    BearerAuthenticator,
    AccountStanding,
    // Authentication first, then @OrgKinds/@Roles.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, OrgUsersService, OrgNamesService, BearerAuthenticator],
})
export class AuthModule {}
