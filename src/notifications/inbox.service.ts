import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrors } from '../auth/auth.errors';
import { OrgUsersService } from '../auth/org-users.service';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { notFound } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { renderEmail } from './domain/email-templates';
import { inboxAudience } from './domain/event-routing';
import { InboxQuery } from './inbox.dto';
import { InboxNotification } from './inbox-notification.entity';
import { presentNotification } from './notifications.presenter';

export interface Recipient {
  readonly userId: string;
  readonly orgId: string;
  readonly email: string;
}

interface Row {
  id: string;
  user_id: string;
  org_id: string;
  event_id: string;
  event_type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
}

/** The in-app inbox (DESIGN §9): one row per person the event concerns, by org and role. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUsers: OrgUsersService,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the event into the inbox of everyone it routes to who was a member when it happened;
   * returns them (they may get an e-mail too).
   */
  async deliver(manager: EntityManager, event: DomainEventMessage, partyOrgIds: readonly string[]): Promise<Recipient[]> {
    const audience = inboxAudience({ type: event.type, org_ids: partyOrgIds });
    if (audience.org_ids.length === 0 && audience.platform_roles.length === 0) return [];
    const members = await this.orgUsers.activeMembers(audience.org_ids, { platformRoles: audience.platform_roles, memberSince: event.occurred_at, manager });
    const recipients = members.filter((u) => audience.includes({ org_id: u.orgId, org_kind: u.orgKind, role: u.role }));
    if (recipients.length === 0) return [];
    const data: JsonObject = event.payload;
    const { subject, text } = renderEmail({ type: event.type, data });
    const now = this.clock.now();
    await manager
      .createQueryBuilder()
      .insert()
      .into(InboxNotification)
      .values(
        recipients.map((u) => ({
          userId: u.userId,
          orgId: u.orgId,
          eventId: event.id,
          eventType: event.type,
          title: subject,
          // The message without the footer (the app is where the reader already is).
          body: text.split('\n\n')[0]!,
          data,
          readAt: null,
          createdAt: now,
        })),
      )
      .orIgnore()
      .execute();
    return recipients.map((u) => ({ userId: u.userId, orgId: u.orgId, email: u.email }));
  }

  async list(principal: Principal, query: InboxQuery) {
    const userId = this.userOf(principal);
    const limit = query.limit ?? 50;
    const params: unknown[] = [userId, principal.orgId];
    const where = ['user_id = $1', 'org_id = $2'];
    if (query.unread) where.push('read_at IS NULL');
    if (query.cursor) {
      const [read, at, id] = decodeCursor(query.cursor, ['bit', 'timestamp', 'uuid']);
      params.push(read, at, id);
      where.push(`(((read_at IS NOT NULL) AND NOT $3::boolean) OR ((read_at IS NOT NULL) = $3::boolean AND (created_at, id) < ($4::timestamptz, $5::uuid)))`);
    }
    params.push(limit + 1);
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM inbox_notifications WHERE ${where.join(' AND ')}
        ORDER BY (read_at IS NOT NULL), created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM inbox_notifications WHERE user_id = $1 AND org_id = $2 AND read_at IS NULL`, [
      userId,
      principal.orgId,
    ])) as { count: number }[];
    const items = rows.slice(0, limit).map(toEntity);
    const last = items[items.length - 1];
    return {
      data: items.map(presentNotification),
      next_cursor: rows.length > limit && last ? encodeCursor([last.readAt !== null, last.createdAt.toISOString(), last.id]) : null,
      unread_count: count,
    };
  }

  async markRead(principal: Principal, id: string) {
    const userId = this.userOf(principal);
    if (!isUuid(id)) throw notFound('notification');
    const [rows] = (await this.dataSource.query(
      `UPDATE inbox_notifications SET read_at = COALESCE(read_at, $4) WHERE id = $1 AND user_id = $2 AND org_id = $3 RETURNING *`,
      [id, userId, principal.orgId, this.clock.now()],
    )) as [Row[], number];
    if (rows.length === 0) throw notFound('notification');
    return presentNotification(toEntity(rows[0]!));
  }

  async markAllRead(principal: Principal): Promise<{ updated: number }> {
    const userId = this.userOf(principal);
    const [, updated] = (await this.dataSource.query(`UPDATE inbox_notifications SET read_at = $3 WHERE user_id = $1 AND org_id = $2 AND read_at IS NULL`, [
      userId,
      principal.orgId,
      this.clock.now(),
    ])) as [unknown, number];
    return { updated };
  }

  /** The inbox belongs to a person; an API key acts for an org and has none. */
  private userOf(principal: Principal): string {
    if (!principal.userId) throw AuthErrors.humansOnly();
    return principal.userId;
  }
}

function toEntity(row: Row): InboxNotification {
  return Object.assign(new InboxNotification(), {
    id: row.id,
    userId: row.user_id,
    orgId: row.org_id,
    eventId: row.event_id,
    eventType: row.event_type,
    title: row.title,
    body: row.body,
    data: row.data,
    readAt: row.read_at ? new Date(row.read_at) : null,
    createdAt: new Date(row.created_at),
  });
}
