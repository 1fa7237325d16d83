import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { PiiCipher } from '../common/pii/pii-cipher';
import { decryptBorrower } from './borrower-pii';
import { Case } from './case.entity';
import { CaseFlag } from './domain/case-status';

/** What the compliance rules need to know about a case's borrower (DESIGN §6, issue 13). */
export interface CaseContactContext {
  readonly caseId: string;
  readonly lenderOrgId: string;
  /** The partner the case is assigned to while assigned or in progress. */
  readonly assignedOrgId: string | null;
  readonly region: string;
  readonly timezone: string;
  readonly flags: readonly CaseFlag[];
  readonly phone: string | null;
  readonly email: string | null;
  readonly hasAddress: boolean;
  /**
   * The borrower across the lender's cases: the blind index of the national id (one person with
   * several loans), else of the phone, else the case alone.
   */
  readonly borrowerKey: string;
}

@Injectable()
export class CaseContactContextService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {}

  async contextOf(caseIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<CaseContactContext[]> {
    if (caseIds.length === 0) return [];
    const rows = await manager.getRepository(Case).find({ where: { id: In([...caseIds]) } });
    return rows.map((row) => {
      const borrower = decryptBorrower(this.cipher, row);
      return {
        caseId: row.id,
        lenderOrgId: row.orgId,
        assignedOrgId: row.assignedOrgId,
        region: row.borrowerRegion,
        timezone: row.borrowerTimezone,
        flags: row.flags,
        phone: borrower.phone,
        email: borrower.email,
        hasAddress: borrower.address !== null,
        borrowerKey: row.borrowerNationalIdBidx ? `nid:${row.borrowerNationalIdBidx}` : row.borrowerPhoneBidx ? `phone:${row.borrowerPhoneBidx}` : `case:${row.id}`,
      };
    });
  }

  /** The keyed hash of a contact value, so history can count per contact without keeping the value. */
  contactKey(kind: 'phone' | 'email' | 'address', value: string): string {
    return `${kind}:${this.cipher.blindIndex(`compliance_contact_${kind}`, value)}`;
  }
}
