import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { Principal } from '../common/tenancy/principal';
import { findOwnedOr404, scopeToOrg } from '../common/tenancy/tenancy';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isEventType } from '../events/event-catalogue';
import { checkEndpointUrl } from './domain/endpoint-url';
import { NotificationErrors } from './notifications.errors';
import { presentEndpoint } from './notifications.presenter';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './webhook-endpoints.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { ROTATION_OVERLAP_MS, WebhookSecrets } from './webhook-secrets';

@Injectable()
export class WebhookEndpointsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly secrets: WebhookSecrets,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly clock: Clock,
  ) {}

  /** The signing secret is in this answer (and the rotation's) only. */
  async create(principal: Principal, dto: CreateWebhookEndpointDto) {
    const url = this.checkUrl(dto.url);
    const eventTypes = checkEventTypes(dto.event_types);
    const secret = this.secrets.generate();
    const now = this.clock.now();
    const enabled = dto.enabled ?? true;
    const endpoint = this.endpoints.create({
      orgId: principal.orgId,
      url,
      eventTypes,
      enabled,
      secretCiphertext: secret.ciphertext,
      previousSecretCiphertext: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      disabledReason: enabled ? null : 'disabled_by_user',
      disabledAt: enabled ? null : now,
      createdAt: now,
      updatedAt: now,
    });
    await this.endpoints.insert(endpoint);
    return { ...presentEndpoint(endpoint, now), secret: secret.plaintext };
  }

  async list(principal: Principal, query: PageQuery): Promise<Page<ReturnType<typeof presentEndpoint>>> {
    const { items, nextCursor } = await paginate(scopeToOrg(this.endpoints.createQueryBuilder('endpoint'), principal), query);
    const now = this.clock.now();
    return { data: items.map((e) => presentEndpoint(e, now)), next_cursor: nextCursor };
  }

  async get(principal: Principal, id: string) {
    return presentEndpoint(await findOwnedOr404(this.endpoints, principal, id, 'webhook_endpoint'), this.clock.now());
  }

  /**
   * Disabling dead-letters the endpoint's pending deliveries (they can be replayed); enabling a
   * disabled endpoint clears its failure record so the 3-day clock starts afresh.
   */
  async update(principal: Principal, id: string, dto: UpdateWebhookEndpointDto) {
    const url = dto.url === undefined ? undefined : this.checkUrl(dto.url);
    const eventTypes = dto.event_types === undefined ? undefined : checkEventTypes(dto.event_types);
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await findOwnedOr404(manager.getRepository(WebhookEndpoint), principal, id, 'webhook_endpoint');
      const now = this.clock.now();
      if (url !== undefined) endpoint.url = url;
      if (eventTypes !== undefined) endpoint.eventTypes = eventTypes;
      if (dto.enabled === true && !endpoint.enabled) {
        Object.assign(endpoint, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
      } else if (dto.enabled === false && endpoint.enabled) {
        Object.assign(endpoint, { enabled: false, disabledReason: 'disabled_by_user', disabledAt: now });
        await this.deliveries.deadLetterPending(manager, endpoint.id, 'endpoint disabled', now);
      }
      endpoint.updatedAt = now;
      await manager.save(endpoint);
      return presentEndpoint(endpoint, now);
    });
  }

  /** Deleting an endpoint deletes its delivery history with it. */
  async remove(principal: Principal, id: string): Promise<void> {
    const endpoint = await findOwnedOr404(this.endpoints, principal, id, 'webhook_endpoint');
    await this.endpoints.delete({ id: endpoint.id, orgId: principal.orgId });
  }

  /**
   * A new secret; the old one keeps signing (alongside) for 24 h so the receiver can switch at
   * its own pace. Rotating again within the overlap drops the oldest secret.
   */
  async rotateSecret(principal: Principal, id: string) {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(WebhookEndpoint);
      const endpoint = await findOwnedOr404(repo, principal, id, 'webhook_endpoint');
      const secret = this.secrets.generate();
      const now = this.clock.now();
      Object.assign(endpoint, {
        previousSecretCiphertext: endpoint.secretCiphertext,
        previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS),
        secretCiphertext: secret.ciphertext,
        updatedAt: now,
      });
      await manager.save(endpoint);
      return { ...presentEndpoint(endpoint, now), secret: secret.plaintext };
    });
  }

  private checkUrl(raw: string): string {
    const check = checkEndpointUrl(raw, { allowLocalHttp: this.config.nodeEnv !== 'production', allowPrivateTargets: this.config.webhooks.allowPrivateTargets });
    if (!check.ok) throw NotificationErrors.urlRefused(check.reason);
    return check.url;
  }
}

function checkEventTypes(types: readonly string[]): string[] {
  if (types.includes('*') && types.length > 1) throw NotificationErrors.wildcardNotAlone();
  // A misspelt type would subscribe to nothing and stay silent forever: only catalogued types (or '*').
  const unknown = types.filter((type) => type !== '*' && !isEventType(type));
  if (unknown.length > 0) throw NotificationErrors.unknownEventTypes(unknown);
  return [...types];
}
