import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import type { VehicleStatus } from '../vehicles/domain/vehicle-status';
import { VehiclesService } from '../vehicles/vehicles.service';
import { AuctionErrors } from './auctions.errors';
import { AuctionsService } from './auctions.service';
import { redemptionCancels, saleIsFinal } from './domain/redemption';
import { foreignExpenseFields, redemptionAmount } from './domain/sale-notice';
import { RedeemVehicleDto } from './dto/redemption.dto';
import { Redemption } from './redemption.entity';
import { presentRedemption } from './redemptions.presenter';
import { SaleNoticesService } from './sale-notices.service';

type RedemptionView = ReturnType<typeof presentRedemption>;

/** Where a vehicle is while the lender holds or is retaking it, and may be redeemed (`vehicle-status.ts`). */
const REDEEMABLE: readonly VehicleStatus[] = ['repo_ordered', 'located', 'recovered', 'in_storage', 'listed'];

/**
 * Redemption (DESIGN §7, UCC §9-623): until the sale is final the borrower may take the vehicle
 * back by paying the total due plus the expenses so far. In one transaction, under the lot's lock
 * (the one bids and the close take, so a redemption and a hammer never both win): the lot that
 * is not over is cancelled, every hold released, bidders told, and the vehicle `redeemed`.
 */
@Injectable()
export class RedemptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lots: AuctionsService,
    private readonly vehicles: VehiclesService,
    private readonly cases: CaseLifecycleService,
    private readonly notices: SaleNoticesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async redeem(principal: Principal, vehicleId: string, dto: RedeemVehicleDto): Promise<RedemptionView> {
    const redemption = await this.dataSource.transaction(async (m) => {
      // The lot first, then the vehicle: the order the close takes them in.
      const lot = await this.lots.lockCurrentLotOf(m, principal.orgId, vehicleId);
      const vehicle = await this.vehicles.lockForSale(m, principal.orgId, vehicleId);
      if (!vehicle) throw AuctionErrors.saleNoticeVehicleNotFound();
      if (lot && saleIsFinal(lot.status)) throw AuctionErrors.redemptionSaleFinal(lot.id, lot.status);
      if (!REDEEMABLE.includes(vehicle.status)) throw AuctionErrors.redemptionNotRedeemable(vehicle.status);
      if (!vehicle.caseId) throw AuctionErrors.saleNoticeNoCase();
      const c = await this.cases.lockForPayment(m, principal.orgId, vehicle.caseId, this.clock.today());
      const currency = c.totalDue.currency;
      const expenses = dto.expenses ? dto.expenses.map((e) => ({ label: e.label.trim(), amount: e.amount })) : await this.notices.latestExpenses(m, vehicle.id);
      const wrong = [
        ...(dto.amount_paid.currency === currency ? [] : ['amount_paid.currency']),
        ...foreignExpenseFields(expenses, currency),
      ];
      if (wrong.length > 0) throw AuctionErrors.saleNoticeCurrency(currency, wrong);
      const required = redemptionAmount(c.totalDue, expenses);
      if (dto.amount_paid.amount < required.amount) throw AuctionErrors.redemptionShort(required, dto.amount_paid);

      const bidders = lot && redemptionCancels(lot.status) ? await this.lots.cancelLocked(m, lot, 'the borrower redeemed the vehicle (UCC §9-623)') : [];
      const reason = lot ? `redeemed; auction lot ${lot.id} cancelled` : 'redeemed';
      await this.vehicles.moveForSale(m, principal.orgId, vehicle.id, 'redeemed', reason);
      const row = m.create(Redemption, {
        id: randomUUID(),
        orgId: principal.orgId,
        vehicleId: vehicle.id,
        caseId: vehicle.caseId,
        lotId: lot?.id ?? null,
        currency,
        obligation: c.totalDue.amount,
        expenses: expenses.map((e) => ({ label: e.label, amount: e.amount.amount })),
        required: required.amount,
        amountPaid: dto.amount_paid.amount,
        paidOn: dto.paid_on,
        reference: dto.reference?.trim() || null,
        createdByUserId: principal.userId,
        createdAt: this.clock.now(),
      });
      await m.insert(Redemption, row);
      await this.outbox.record(m, {
        type: 'vehicle.redeemed' as const,
        aggregateType: 'vehicle',
        aggregateId: vehicle.id,
        orgIds: [principal.orgId, ...bidders],
        payload: { redemption_id: row.id, vehicle_id: vehicle.id, case_id: vehicle.caseId, lot_id: row.lotId, amount_paid: dto.amount_paid, required, paid_on: dto.paid_on },
      });
      return row;
    });
    return presentRedemption(redemption);
  }
}
