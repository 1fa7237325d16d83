import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { OutboxService } from '../../common/outbox/outbox.service';
import { Principal } from '../../common/tenancy/principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { payoutAccountStatus, PayoutAccountStatus } from './domain/payout-account-status';
import { PayoutAccount } from './payout-account.entity';
import { callStripe, StripeClient } from './stripe-client';
import { StripeErrors } from './stripe.errors';
import { ROW_LOCK } from '../../common/database/row-lock';

export interface PayoutAccountView {
  stripe_account_id: string;
  status: PayoutAccountStatus;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  requirements_due: string[];
  onboarding_url: string | null;
  onboarding_url_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Partners' Stripe Connect accounts (issue 14): one Express account per partner org, created
 * once (a Stripe idempotency key per org makes parallel first calls create one account), an
 * onboarding link on every call, and the state Stripe reports in account.updated events.
 */
@Injectable()
export class PayoutAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(PayoutAccount) private readonly accounts: Repository<PayoutAccount>,
    private readonly stripe: StripeClient,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the org's connected account if it has none; answers it with a fresh onboarding link. */
  async open(principal: Principal): Promise<{ created: boolean; view: PayoutAccountView }> {
    const stripe = this.stripe.stripe;
    let account = await this.accounts.findOneBy({ orgId: principal.orgId });
    let created = false;
    if (!account) {
      const connected = await callStripe(() =>
        stripe.accounts.create(
          { type: 'express', metadata: { org_id: principal.orgId }, capabilities: { transfers: { requested: true } } },
          { idempotencyKey: `payout-account-${principal.orgId}` },
        ),
      );
      const now = this.clock.now();
      const inserted = await this.accounts
        .createQueryBuilder()
        .insert()
        .values({
          orgId: principal.orgId,
          stripeAccountId: connected.id,
          chargesEnabled: connected.charges_enabled ?? false,
          payoutsEnabled: connected.payouts_enabled ?? false,
          detailsSubmitted: connected.details_submitted ?? false,
          requirementsDue: connected.requirements?.currently_due ?? [],
          stripeUpdatedAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .returning('org_id')
        .execute();
      created = inserted.raw.length > 0;
      account = await this.accounts.findOneByOrFail({ orgId: principal.orgId });
    }
    const base = this.config.publicBaseUrl.replace(/\/$/, '');
    const link = await callStripe(() =>
      stripe.accountLinks.create({
        account: account.stripeAccountId,
        type: 'account_onboarding',
        // Stripe sends the partner to refresh_url when the link expired; the console asks for a new one there.
        refresh_url: `${base}/console/payout-account?onboarding=expired`,
        return_url: `${base}/console/payout-account?onboarding=returned`,
      }),
    );
    return { created, view: present(account, link) };
  }

  async get(principal: Principal): Promise<PayoutAccountView> {
    const account = await this.accounts.findOneBy({ orgId: principal.orgId });
    if (!account) throw StripeErrors.noPayoutAccount();
    return present(account, null);
  }

  /** The account a payout to this org goes to, read inside the payout's transaction. */
  findFor(manager: EntityManager, orgId: string): Promise<PayoutAccount | null> {
    return manager.findOneBy(PayoutAccount, { orgId });
  }

  /**
   * account.updated: the account is read afresh from Stripe rather than from the event, so events
   * arriving late or out of order (Stripe does not order them) always leave the current state.
   */
  async refreshFromStripe(manager: EntityManager, stripeAccountId: string): Promise<'applied' | 'ignored'> {
    const row = await manager.findOne(PayoutAccount, { where: { stripeAccountId }, lock: { mode: ROW_LOCK } });
    if (!row) return 'ignored';
    const account = await callStripe(() => this.stripe.stripe.accounts.retrieve(stripeAccountId));
    const now = this.clock.now();
    const fresh = {
      chargesEnabled: account.charges_enabled ?? false,
      payoutsEnabled: account.payouts_enabled ?? false,
      detailsSubmitted: account.details_submitted ?? false,
      requirementsDue: account.requirements?.currently_due ?? [],
    };
    await manager.update(PayoutAccount, { orgId: row.orgId }, { ...fresh, stripeUpdatedAt: now, updatedAt: now });
    const status = payoutAccountStatus(fresh);
    // The partner hears when what it can do changes, not on every update Stripe sends.
    if (status !== payoutAccountStatus(row)) {
      await this.outbox.record(manager, {
        type: 'payout_account.updated',
        aggregateType: 'org',
        aggregateId: row.orgId,
        orgIds: [row.orgId],
        payload: { partner_org_id: row.orgId, stripe_account_id: stripeAccountId, status, requirements_due: fresh.requirementsDue },
      });
    }
    return 'applied';
  }
}

function present(a: PayoutAccount, link: Stripe.AccountLink | null): PayoutAccountView {
  return {
    stripe_account_id: a.stripeAccountId,
    status: payoutAccountStatus(a),
    charges_enabled: a.chargesEnabled,
    payouts_enabled: a.payoutsEnabled,
    details_submitted: a.detailsSubmitted,
    requirements_due: a.requirementsDue,
    onboarding_url: link?.url ?? null,
    onboarding_url_expires_at: link ? new Date(link.expires_at * 1000).toISOString() : null,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}
