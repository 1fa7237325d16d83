import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { FieldError, validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { ComplianceRuleRow, ComplianceRuleSetRow } from './compliance-rule.entity';
import { ContactRule, jurisdictionsFor, mergeLayers, parseRule, RuleSet } from './domain/contact-rules';
import { PutComplianceRulesDto, RuleSetsQueryDto } from './dto/compliance.dto';

export interface RuleSetView {
  id: string;
  jurisdiction: string;
  version: number;
  effective_from: string;
  created_at: string;
  rules: { code: string; kind: string; citation: string; description: string; parameters: JsonObject }[];
}

/** The platform-edited compliance rule sets (issue 13 §1): read, write a new version, resolve what is in force. */
@Injectable()
export class ComplianceRulesService {
  /**
   * The parsed rules of each version read so far. A version is written whole in one transaction
   * and never changed or deleted (trigger `compliance_rules_immutable`), so its rules are read once
   * per process; which version is in force is still read every time.
   */
  private readonly versions = new Map<string, readonly ContactRule[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Every version (newest first per jurisdiction), or those of one jurisdiction. */
  async list(query: RuleSetsQueryDto): Promise<{ data: RuleSetView[] }> {
    const qb = this.dataSource.getRepository(ComplianceRuleSetRow).createQueryBuilder('s');
    if (query.jurisdiction) qb.where('s.jurisdiction = :j', { j: query.jurisdiction });
    const sets = await qb.orderBy('s.jurisdiction', 'ASC').addOrderBy('s.version', 'DESC').getMany();
    return { data: await this.present(sets) };
  }

  /**
   * Writes the next version of a jurisdiction's set, effective from `effective_from` (now when
   * absent). Past versions stay as they were; the audit entry keeps the rules before and after.
   */
  async replace(principal: Principal, dto: PutComplianceRulesDto): Promise<RuleSetView> {
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const rules: ContactRule[] = [];
    dto.rules.forEach((input, i) => {
      const { rule, problems } = parseRule({ ...input, description: input.description ?? '' }, `rules[${i}]`);
      errors.push(...problems);
      if (!rule) return;
      const first = seen.get(rule.code);
      if (first !== undefined) errors.push({ field: `rules[${i}].code`, message: `repeats rules[${first}].code` });
      else seen.set(rule.code, i);
      rules.push(rule);
    });
    if (errors.length > 0) throw validationFailed(errors);
    const now = this.clock.now();
    const effectiveFrom = dto.effective_from ? new Date(dto.effective_from) : now;
    const id = await this.dataSource.transaction(async (m) => {
      // One writer per jurisdiction at a time, so two editors cannot both write version N + 1.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`compliance_rules:${dto.jurisdiction}`]);
      const latest = await m.getRepository(ComplianceRuleSetRow).findOne({ where: { jurisdiction: dto.jurisdiction }, order: { version: 'DESC' } });
      const before = latest ? (await this.present([latest], m))[0]!.rules : [];
      const version = (latest?.version ?? 0) + 1;
      const set = await m.save(ComplianceRuleSetRow, { jurisdiction: dto.jurisdiction, version, effectiveFrom, createdAt: now, createdByUserId: principal.userId });
      if (rules.length > 0) {
        await m.insert(
          ComplianceRuleRow,
          rules.map((r, position) => ({ ruleSetId: set.id, position, code: r.code, kind: r.kind, citation: r.citation, description: r.description, parameters: { ...r.parameters } as JsonObject })),
        );
      }
      const after = (await this.present([set], m))[0]!.rules;
      await this.audit.record(
        {
          action: 'compliance_rules.replace',
          principal,
          entityType: 'compliance_rule_set',
          entityId: set.id,
          changes: { jurisdiction: dto.jurisdiction, version: { before: latest?.version ?? null, after: version }, effective_from: effectiveFrom.toISOString(), rules: { before, after } },
        },
        m,
      );
      await this.outbox.record(m, {
        type: 'compliance_rules.updated' as const,
        aggregateType: 'compliance_rule_set',
        aggregateId: set.id,
        orgIds: [principal.orgId],
        payload: { jurisdiction: dto.jurisdiction, version, effective_from: effectiveFrom.toISOString(), rules: rules.length },
      });
      return set.id;
    });
    const saved = await this.dataSource.getRepository(ComplianceRuleSetRow).findOneByOrFail({ id });
    return (await this.present([saved]))[0]!;
  }

  /**
   * The rules in force for a borrower's region at a moment: per layer (`*`, country, region) the
   * highest version effective by then, merged with the more specific layer winning per code.
   */
  async inForce(region: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<ContactRule[]> {
    const sets = (await manager.query(
      `SELECT DISTINCT ON (jurisdiction) id, jurisdiction, version, effective_from FROM compliance_rule_sets
       WHERE jurisdiction = ANY($1) AND effective_from <= $2 ORDER BY jurisdiction, version DESC`,
      [jurisdictionsFor(region), at],
    )) as { id: string; jurisdiction: string; version: number; effective_from: Date }[];
    if (sets.length === 0) return [];
    const unread = sets.filter((s) => !this.versions.has(s.id));
    if (unread.length > 0) {
      const rows = await manager.getRepository(ComplianceRuleRow).find({ where: { ruleSetId: In(unread.map((s) => s.id)) }, order: { position: 'ASC' } });
      for (const s of unread) this.versions.set(s.id, rows.filter((r) => r.ruleSetId === s.id).map((r) => storedRule(r)));
    }
    const layers: RuleSet[] = sets.map((s) => ({ jurisdiction: s.jurisdiction, version: s.version, effectiveFrom: s.effective_from, rules: [...this.versions.get(s.id)!] }));
    return mergeLayers(layers);
  }

  private async present(sets: readonly ComplianceRuleSetRow[], manager: EntityManager = this.dataSource.manager): Promise<RuleSetView[]> {
    if (sets.length === 0) return [];
    const rows = await manager.getRepository(ComplianceRuleRow).find({ where: { ruleSetId: In(sets.map((s) => s.id)) }, order: { position: 'ASC' } });
    return sets.map((s) => ({
      id: s.id,
      jurisdiction: s.jurisdiction,
      version: s.version,
      effective_from: s.effectiveFrom.toISOString(),
      created_at: s.createdAt.toISOString(),
      rules: rows.filter((r) => r.ruleSetId === s.id).map((r) => ({ code: r.code, kind: r.kind, citation: r.citation, description: r.description, parameters: r.parameters })),
    }));
  }
}

/** A stored rule was checked when written; reading one that no longer parses is a bug, not bad input. */
function storedRule(row: ComplianceRuleRow): ContactRule {
  const { rule, problems } = parseRule(row, `compliance_rules/${row.id}`);
  if (!rule) throw new Error(`stored compliance rule ${row.id} does not parse: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  return rule;
}
