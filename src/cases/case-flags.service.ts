import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { OutboxService } from '../common/outbox/outbox.service';
import { validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { Case } from './case.entity';
import { CaseView } from './case.presenter';
import { CaseQueriesService } from './case-queries.service';
import { CaseErrors } from './cases.errors';
import { CaseHolds } from './case-holds.service';
import { lockOwnedCase, partiesOf } from './case-rows';
import { CASE_FLAGS, CaseFlag, isOnHold } from './domain/case-status';

/** Case flags (DESIGN §4): set and cleared with a reason, audited, and evented for the jobs a hold stops. */
@Injectable()
export class CaseFlagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: CaseQueriesService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly holds: CaseHolds,
  ) {}

  async setFlag(principal: Principal, id: string, flag: CaseFlag, reason: string): Promise<CaseView> {
    return this.changeFlag(principal, id, flag, reason, true);
  }

  async clearFlag(principal: Principal, id: string, flag: string, reason: string): Promise<CaseView> {
    if (!(CASE_FLAGS as readonly string[]).includes(flag)) throw validationFailed([{ field: 'flag', message: `must be one of ${CASE_FLAGS.join(', ')}` }]);
    return this.changeFlag(principal, id, flag as CaseFlag, reason, false);
  }

  private async changeFlag(principal: Principal, id: string, flag: CaseFlag, reason: string, set: boolean): Promise<CaseView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const found = await lockOwnedCase(manager, principal.orgId, id);
      const has = found.flags.includes(flag);
      if (set && has) throw CaseErrors.flagAlreadySet(flag);
      if (!set && !has) throw CaseErrors.flagNotSet(flag);
      const wasOnHold = isOnHold(found.flags);
      found.flags = set ? CASE_FLAGS.filter((f) => f === flag || found.flags.includes(f)) : found.flags.filter((f) => f !== flag);
      found.updatedAt = this.clock.now();
      await manager.update(Case, { id: found.id }, { flags: found.flags, updatedAt: found.updatedAt });
      const type = set ? 'case.flag_set' : 'case.flag_cleared';
      await this.audit.record({ action: type, principal, entityType: 'case', entityId: found.id, changes: { flag, reason: reason.trim() }, outcomeStatus: 200 }, manager);
      // Jobs consume this: bankruptcy and legal_hold stop all collection activity (DESIGN §4).
      await this.outbox.record(manager, {
        type,
        aggregateType: 'case',
        aggregateId: found.id,
        orgIds: partiesOf(found),
        payload: { case_id: found.id, flag, reason: reason.trim(), flags: [...found.flags], on_hold: isOnHold(found.flags), was_on_hold: wasOnHold },
      });
      // DESIGN §6 "holds reach every vendor at once": every open job on the case stops in this transaction.
      if (set && (flag === 'bankruptcy' || flag === 'legal_hold')) await this.holds.hold(manager, { caseId: found.id, lenderOrgId: found.orgId, cause: { kind: 'flag', flag }, reason: reason.trim() });
      return found;
    });
    return this.queries.present(row);
  }
}
