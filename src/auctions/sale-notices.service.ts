import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { CaseCollateralService } from '../cases/case-collateral.service';
import { CaseLifecycleService } from '../cases/case-lifecycle.service';
import { Clock } from '../common/clock/clock';
import type { Money } from '../common/money';
import { OutboxService } from '../common/outbox/outbox.service';
import { Principal } from '../common/tenancy/principal';
import type { VehicleStatus } from '../vehicles/domain/vehicle-status';
import { SaleVehicle, VehiclesService } from '../vehicles/vehicles.service';
import { AuctionErrors } from './auctions.errors';
import { DEFICIENCY_WARNING, earliestSaleOn, foreignExpenseFields, noticePeriodFor, redemptionAmount, saleNoticeGate, saleNoticeText } from './domain/sale-notice';
import { CreateSaleNoticeDto } from './dto/sale-notice.dto';
import { SaleNotice } from './sale-notice.entity';
import { presentSaleNotice } from './sale-notices.presenter';

type SaleNoticeView = ReturnType<typeof presentSaleNotice>;

/** Vehicles the lender holds after repossession: the ones a notice of plan to sell is about. */
const REPOSSESSED: readonly VehicleStatus[] = ['recovered', 'in_storage', 'listed'];

/**
 * Notices of plan to sell (DESIGN §7, UCC §9-611/§9-614): recorded as sent, with the redemption
 * amount worked out from the case's total due and the expenses so far, and never changed. A lot
 * is scheduled and opened only once the region's notice period has passed since the latest one.
 */
@Injectable()
export class SaleNoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vehicles: VehiclesService,
    private readonly cases: CaseLifecycleService,
    private readonly collateral: CaseCollateralService,
    private readonly orgNames: OrgNamesService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async record(principal: Principal, vehicleId: string, dto: CreateSaleNoticeDto): Promise<SaleNoticeView> {
    const today = this.clock.today();
    if (dto.sent_on > today) throw AuctionErrors.saleNoticeInFuture(today);
    const notice = await this.dataSource.transaction(async (m) => {
      const vehicle = await this.vehicles.lockForSale(m, principal.orgId, vehicleId);
      if (!vehicle) throw AuctionErrors.saleNoticeVehicleNotFound();
      if (!vehicle.caseId) throw AuctionErrors.saleNoticeNoCase();
      if (!REPOSSESSED.includes(vehicle.status)) throw AuctionErrors.saleNoticeNotRepossessed(vehicle.status);
      const c = await this.cases.lockForPayment(m, principal.orgId, vehicle.caseId, today);
      const region = (await this.collateral.lockForCollateral(m, principal.orgId, vehicle.caseId))!.region;
      const currency = c.totalDue.currency;
      const wrong = foreignExpenseFields(dto.expenses, currency);
      if (wrong.length > 0) throw AuctionErrors.saleNoticeCurrency(currency, wrong);
      const expenses = dto.expenses.map((e) => ({ label: e.label.trim(), amount: e.amount }));
      const contact = { name: dto.contact.name.trim(), phone: dto.contact.phone.trim(), address: dto.contact.address?.trim() || null };
      const redemption = redemptionAmount(c.totalDue, expenses);
      const row = m.create(SaleNotice, {
        id: randomUUID(),
        orgId: principal.orgId,
        vehicleId: vehicle.id,
        caseId: vehicle.caseId,
        region,
        sentOn: dto.sent_on,
        method: dto.method,
        currency,
        obligation: c.totalDue.amount,
        expenses: expenses.map((e) => ({ label: e.label, amount: e.amount.amount })),
        expensesTotal: redemption.amount - c.totalDue.amount,
        redemptionAmount: redemption.amount,
        contact,
        noticePeriodDays: noticePeriodFor(region).days,
        earliestSaleOn: earliestSaleOn(dto.sent_on, region),
        deficiencyWarning: DEFICIENCY_WARNING,
        content: saleNoticeText({
          vin: vehicle.vin,
          vehicle: describe(vehicle),
          lender: await this.orgNames.nameOf(m, principal.orgId),
          sentOn: dto.sent_on,
          method: dto.method,
          obligation: c.totalDue,
          expenses,
          contact,
          region,
        }),
        createdByUserId: principal.userId,
        createdAt: this.clock.now(),
      });
      await m.insert(SaleNotice, row);
      await this.outbox.record(m, {
        type: 'auction.sale_notice_recorded' as const,
        aggregateType: 'vehicle',
        aggregateId: vehicle.id,
        orgIds: [principal.orgId],
        payload: { sale_notice_id: row.id, vehicle_id: vehicle.id, case_id: vehicle.caseId, sent_on: row.sentOn, earliest_sale_on: row.earliestSaleOn, redemption_amount: redemption },
      });
      return row;
    });
    return presentSaleNotice(notice);
  }

  /** The latest notice of the lender's vehicle. */
  async latestOf(principal: Principal, vehicleId: string): Promise<SaleNoticeView> {
    const notice = await this.dataSource.transaction(async (m) => {
      const vehicle = await this.vehicles.lockForSale(m, principal.orgId, vehicleId);
      if (!vehicle) throw AuctionErrors.saleNoticeVehicleNotFound();
      return this.latest(m, vehicle.id);
    });
    if (!notice) throw AuctionErrors.saleNoticeNotFound();
    return presentSaleNotice(notice);
  }

  /** DESIGN §7: refuses (422) a lot of the vehicle opening at `startsAt` before the notice period has passed since its latest notice. */
  async assertMayOpen(m: EntityManager, vehicleId: string, startsAt: Date): Promise<void> {
    const notice = await this.latest(m, vehicleId);
    const gate = saleNoticeGate(notice, startsAt);
    if (gate.open) return;
    if (gate.reason === 'no_notice') throw AuctionErrors.saleNoticeMissing();
    throw AuctionErrors.saleNoticePeriod(gate.earliestOn, notice!.id, notice!.noticePeriodDays);
  }

  /** Whether a lot of the vehicle may open now (the open timer's re-check; the sweep retries it later). */
  async mayOpen(m: EntityManager, vehicleId: string, at: Date): Promise<boolean> {
    return saleNoticeGate(await this.latest(m, vehicleId), at).open;
  }

  /** The expenses the vehicle's latest notice stated (a redemption's default), in minor units of the notice's currency. */
  async latestExpenses(m: EntityManager, vehicleId: string): Promise<{ label: string; amount: Money }[]> {
    const notice = await this.latest(m, vehicleId);
    return notice ? notice.expenses.map((e) => ({ label: e.label, amount: { amount: e.amount, currency: notice.currency } })) : [];
  }

  private latest(m: EntityManager, vehicleId: string): Promise<SaleNotice | null> {
    return m.findOne(SaleNotice, { where: { vehicleId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }
}

function describe(v: SaleVehicle): string {
  return [v.year, v.make, v.model].filter((x) => x !== null && x !== undefined && x !== '').join(' ') || 'vehicle';
}
