import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../common/json';

/** One version of a jurisdiction's rule set (issue 13 §1); never edited once written (a trigger refuses it). */
@Entity('compliance_rule_sets')
export class ComplianceRuleSetRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `*` (the default layer), a country such as `US`, or a region such as `US-MA`. */
  @Column('text')
  jurisdiction: string;

  @Column('int')
  version: number;

  @Column({ type: 'timestamptz', precision: 3 })
  effectiveFrom: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;
}

/** One typed rule of a version; `parameters` are checked against `kind` before they are written. */
@Entity('compliance_rules')
export class ComplianceRuleRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ruleSetId: string;

  @Column('int')
  position: number;

  @Column('text')
  code: string;

  @Column('text')
  kind: string;

  @Column('text')
  citation: string;

  @Column('text')
  description: string;

  @Column('jsonb')
  parameters: JsonObject;
}
