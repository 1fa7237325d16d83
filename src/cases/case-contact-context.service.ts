import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PiiCipher } from '../common/pii/pii-cipher';
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

  /**
   * One read of the columns the rules use; only the phone and e-mail are decrypted (the contact
   * window and the per-contact caps need them), never the name, address or national id: every
   * contact attempt comes through here (issue 18: three AES-GCM opens and a full-entity read less).
   */
  async contextOf(caseIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<CaseContactContext[]> {
    if (caseIds.length === 0) return [];
    const rows: ContextRow[] = await manager.query(
      `SELECT id, org_id, assigned_org_id, borrower_region, borrower_timezone, flags, borrower_phone_enc, borrower_email_enc,
              borrower_address_enc IS NOT NULL AS has_address, borrower_national_id_bidx, borrower_phone_bidx
       FROM cases WHERE id = ANY($1::uuid[])`,
      [[...caseIds]],
    );
    return rows.map((row) => ({
      caseId: row.id,
      lenderOrgId: row.org_id,
      assignedOrgId: row.assigned_org_id,
      region: row.borrower_region,
      timezone: row.borrower_timezone,
      flags: row.flags,
      phone: this.cipher.decryptNullable(row.borrower_phone_enc),
      email: this.cipher.decryptNullable(row.borrower_email_enc),
      hasAddress: row.has_address,
      borrowerKey: row.borrower_national_id_bidx ? `nid:${row.borrower_national_id_bidx}` : row.borrower_phone_bidx ? `phone:${row.borrower_phone_bidx}` : `case:${row.id}`,
    }));
  }

  /** The keyed hash of a contact value, so history can count per contact without keeping the value. */
  contactKey(kind: 'phone' | 'email' | 'address', value: string): string {
    return `${kind}:${this.cipher.blindIndex(`compliance_contact_${kind}`, value)}`;
  }
}

interface ContextRow {
  readonly id: string;
  readonly org_id: string;
  readonly assigned_org_id: string | null;
  readonly borrower_region: string;
  readonly borrower_timezone: string;
  readonly flags: CaseFlag[];
  readonly borrower_phone_enc: string | null;
  readonly borrower_email_enc: string | null;
  readonly has_address: boolean;
  readonly borrower_national_id_bidx: string | null;
  readonly borrower_phone_bidx: string | null;
}
