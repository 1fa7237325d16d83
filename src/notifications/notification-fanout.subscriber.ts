import { EntityManager } from 'typeorm';
import { DomainEventMessage } from '../common/outbox/domain-event';
import { DomainEventSubscriber, SubscribesTo } from '../common/outbox/event-dispatcher';
import { JsonObject } from '../common/json';
import { isUuid } from '../common/tenancy/tenancy';
import { AfterCommit } from '../common/database/after-commit';
import { EmailService } from './email.job';
import { InboxService } from './inbox.service';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

/**
 * Turns every domain event into webhook deliveries, inbox rows and e-mails, in the dispatcher's
 * transaction (so once per event, even when the relay or a worker restarts), then enqueues the
 * sends once that transaction has committed.
 */
@SubscribesTo('notifications.fanout', '*')
export class NotificationFanout implements DomainEventSubscriber {
  constructor(
    private readonly webhooks: WebhookDeliveriesService,
    private readonly inbox: InboxService,
    private readonly emails: EmailService,
    private readonly afterCommit: AfterCommit,
  ) {}

  handle(event: DomainEventMessage, manager: EntityManager): Promise<void> {
    return this.handleMany([event], manager);
  }

  /** The webhook deliveries of all the events in one statement, and their sends queued in one call. */
  async handleMany(events: readonly DomainEventMessage[], manager: EntityManager): Promise<void> {
    const parties = events.map((event) => ({ event, orgIds: partiesOf(event) }));
    const deliveries = await this.webhooks.createForEvents(manager, parties);
    const emails: string[] = [];
    for (const { event, orgIds } of parties) {
      const recipients = await this.inbox.deliver(manager, event, orgIds);
      emails.push(...(await this.emails.createFor(manager, event, recipients)));
    }
    if (deliveries.length === 0 && emails.length === 0) return;
    this.afterCommit.run(manager, () => Promise.all([this.webhooks.enqueue(deliveries), this.emails.enqueue(emails)]));
  }
}

/**
 * The orgs an event concerns: `org_ids` (owner first), plus any `party_org_ids` in the payload
 * (e.g. lenders with open jobs when a partner is suspended, DESIGN §3).
 */
export function partiesOf(event: DomainEventMessage): string[] {
  const payload: JsonObject = event.payload;
  const extra = Array.isArray(payload.party_org_ids) ? (payload.party_org_ids as unknown[]) : [];
  return [...new Set([...event.org_ids, ...extra.filter((id): id is string => typeof id === 'string' && isUuid(id))])];
}
