import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
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
  imports: [
    // The HS256 key as a KeyObject built once: given a string, jsonwebtoken tries to parse it as a
    // public key and then builds a secret key on every sign and verify (issue 18: 2–5 % of the api's CPU).
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')) }) }),
    TypeOrmModule.forFeature([Org, User, ApiKey, RefreshToken]),
  ],
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
