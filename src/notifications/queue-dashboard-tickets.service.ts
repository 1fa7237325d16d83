import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthErrors } from '../auth/auth.errors';
import { Clock } from '../common/clock/clock';
import { unauthorized } from '../common/problem/problem';
import { Principal, Role } from '../common/tenancy/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** A ticket is posted by the console at once: a minute covers a slow phone, and a stolen one is soon worthless. */
export const TICKET_TTL_SECONDS = 60;
export const SESSION_COOKIE = 'reclaim_queues';

interface SessionClaims {
  sub: string;
  org: string;
  role: Role;
  typ: 'queue_dashboard';
  exp?: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The console's way into /admin/queues (issue 19). A browser navigation cannot send the bearer, so
 * a platform admin's console asks for a one-time ticket over the API and posts it to the dashboard;
 * the dashboard redeems it for a session cookie that lives as long as an access token. The ticket
 * is random (256 bits) and only its SHA-256 is stored; it is spent by one UPDATE, so two redemptions
 * cannot both win. The cookie is a JWT signed with a key derived from the access-token secret for
 * this purpose only, so it can never pass as an access token (nor an access token as it).
 */
@Injectable()
export class QueueDashboardTickets {
  private readonly sessionKey: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sessionKey = createHmac('sha256', config.jwt.secret).update('reclaim queue dashboard session').digest('base64url');
  }

  async issue(principal: Principal): Promise<{ ticket: string; expires_at: string; redeem_path: string }> {
    if (!principal.userId) throw AuthErrors.humansOnly();
    const ticket = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + TICKET_TTL_SECONDS * 1000);
    await this.dataSource.query('INSERT INTO queue_dashboard_tickets (ticket_hash, user_id, org_id, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      sha256(ticket),
      principal.userId,
      principal.orgId,
      principal.role,
      now,
      expiresAt,
    ]);
    return { ticket, expires_at: expiresAt.toISOString(), redeem_path: '/admin/queues/session' };
  }

  /** The ticket's session token, or 401 when it is unknown, spent or expired (the same answer for all three). */
  async redeem(ticket: unknown): Promise<string> {
    if (typeof ticket !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(ticket)) throw ticketRefused();
    const now = this.clock.now();
    const [rows] = (await this.dataSource.query('UPDATE queue_dashboard_tickets SET used_at = $2 WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id, org_id, role', [sha256(ticket), now])) as [
      { user_id: string; org_id: string; role: Role }[],
      number,
    ];
    const row = rows[0];
    if (!row) throw ticketRefused();
    const claims: SessionClaims = { sub: row.user_id, org: row.org_id, role: row.role, typ: 'queue_dashboard' };
    return this.jwt.signAsync(claims, { secret: this.sessionKey, expiresIn: this.sessionSeconds(), algorithm: 'HS256', issuer: 'reclaim' });
  }

  /** The platform person a session cookie names, or null when it is not one of ours or has expired. */
  async verifySession(token: string): Promise<Principal | null> {
    try {
      const claims = await this.jwt.verifyAsync<SessionClaims>(token, { secret: this.sessionKey, algorithms: ['HS256'], issuer: 'reclaim' });
      if (claims.typ !== 'queue_dashboard' || typeof claims.exp !== 'number') return null;
      return { userId: claims.sub, orgId: claims.org, orgKind: 'platform', role: claims.role, apiKeyId: null };
    } catch {
      return null;
    }
  }

  sessionSeconds(): number {
    return this.config.jwt.accessTtlSeconds;
  }
}

const ticketRefused = () => unauthorized('queue_dashboard.ticket_invalid', 'The queue dashboard ticket is unknown, already used or expired; open the dashboard from the console again.');
