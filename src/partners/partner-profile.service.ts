import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { OrgNamesService } from '../auth/org-names.service';
import { AuditService, diffFields } from '../common/audit/audit.service';
import { isCalendarDate } from '../common/calendar/calendar-date';
import { Clock } from '../common/clock/clock';
import { JsonObject } from '../common/json';
import { OutboxService } from '../common/outbox/outbox.service';
import { FieldError, validationFailed } from '../common/problem/problem';
import { Principal } from '../common/tenancy/principal';
import { isUuid } from '../common/tenancy/tenancy';
import { DocumentStorage, safeFilename } from '../common/storage/document-storage';
import { CredentialKind, INSURANCE_TYPES, LICENCE_TYPES } from './domain/credential';
import { normaliseDeclaredType, sniffDocumentType } from './domain/document-type';
import { validateServiceArea } from './domain/region';
import { CredentialFieldsDto } from './dto/credential.dto';
import { PutPartnerProfileDto } from './dto/partner-profile.dto';
import { PartnerCredential } from './partner-credential.entity';
import { PartnerRecords } from './partner-records';
import { PartnerOrgKind, PartnerProfile } from './partner-profile.entity';
import { PartnerErrors } from './partners.errors';
import { presentCredential, presentProfile } from './partners.presenter';
import { StorageYard } from './storage-yard.entity';
import { VettingHistoryEntry } from './vetting-history.entity';
import { VettingService } from './vetting.service';

export interface UploadedDocument {
  readonly filename: string;
  readonly mimetype: string;
  readonly data: Buffer;
}

const PROFILE_FIELDS = ['legalName', 'registrationNumber', 'contacts', 'capabilities', 'serviceAreas', 'maxConcurrentJobs', 'buyerType'] as const;

/** A partner org's own profile and credentials (DESIGN §3); only its owners and managers change them. */
@Injectable()
export class PartnerProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: PartnerRecords,
    private readonly vetting: VettingService,
    private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly orgNames: OrgNamesService,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal) {
    const profile = await this.records.profileOf(principal.orgId);
    if (!profile) throw PartnerErrors.profileNotFound();
    const [parts] = await this.records.parts([profile], { history: true });
    return presentProfile(parts!, { withDocumentLinks: true });
  }

  async put(principal: Principal, dto: PutPartnerProfileDto) {
    const kind = principal.orgKind as PartnerOrgKind;
    const errors = validateProfile(kind, dto);
    if (errors.length > 0) throw validationFailed(errors);
    await this.dataSource.transaction(async (m) => {
      const existing = await this.records.lockProfile(m, principal.orgId);
      if (existing?.status === 'revoked') throw PartnerErrors.revoked();
      const yardErrors = await this.checkYardIds(m, principal.orgId, dto);
      if (yardErrors.length > 0) throw validationFailed(yardErrors);
      const now = this.clock.now();
      const fields = {
        legalName: dto.legal_name.trim(),
        registrationNumber: dto.registration_number?.trim() ?? null,
        contacts: dto.contacts.map((c) => ({ ...c })),
        capabilities: dto.capabilities ?? [],
        serviceAreas: (dto.service_areas ?? []).map((a) => ({
          region: a.region,
          ...(a.postal_prefixes?.length ? { postal_prefixes: a.postal_prefixes.map((p) => p.trim()) } : {}),
          ...(a.centre ? { centre: { lat: a.centre.lat, lng: a.centre.lng } } : {}),
          ...(a.radius_km !== undefined ? { radius_km: a.radius_km } : {}),
        })),
        maxConcurrentJobs: dto.capacity?.max_concurrent_jobs ?? null,
        buyerType: dto.buyer_type ?? null,
      };
      let changes: JsonObject;
      if (existing) {
        changes = diffFields(existing, fields, PROFILE_FIELDS);
        await m.update(PartnerProfile, { id: existing.id }, { ...fields, updatedAt: now });
      } else {
        const profile = m.create(PartnerProfile, {
          ...fields,
          orgId: principal.orgId,
          orgKind: kind,
          status: 'applied',
          identityVerifiedBy: null,
          identityVerifiedOn: null,
          submittedAt: null,
          statusChangedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await m.insert(PartnerProfile, profile);
        changes = { created: true };
        await m.insert(VettingHistoryEntry, {
          orgId: principal.orgId,
          fromStatus: null,
          toStatus: 'applied',
          reason: 'profile created',
          actorUserId: principal.userId,
          actorOrgId: principal.orgId,
          actorApiKeyId: principal.apiKeyId,
          createdAt: now,
        });
        await this.outbox.record(m, { type: 'partner.applied', aggregateType: 'partner', aggregateId: principal.orgId, orgIds: [principal.orgId], payload: { org_id: principal.orgId, partner_name: await this.orgNames.nameOf(m, principal.orgId), kind } });
      }
      const yardChanges = await this.replaceYards(m, principal.orgId, dto, now);
      if (yardChanges) changes.storage_yards = yardChanges;
      await this.audit.record({ action: existing ? 'partner_profile.update' : 'partner_profile.create', principal, entityType: 'partner', entityId: principal.orgId, changes }, m);
    });
    return this.get(principal);
  }

  private async checkYardIds(m: EntityManager, orgId: string, dto: PutPartnerProfileDto): Promise<FieldError[]> {
    const ids = (dto.storage_yards ?? []).map((y) => y.id).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return [];
    const owned = new Set((await m.find(StorageYard, { select: { id: true }, where: { orgId, id: In(ids) } })).map((y) => y.id));
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    (dto.storage_yards ?? []).forEach((yard, i) => {
      if (yard.id === undefined) return;
      if (!owned.has(yard.id)) errors.push({ field: `storage_yards[${i}].id`, message: 'is not one of your storage yards' });
      else if (seen.has(yard.id)) errors.push({ field: `storage_yards[${i}].id`, message: 'is listed twice' });
      seen.add(yard.id);
    });
    return errors;
  }

  /** Yards listed with an id are updated, without one created, and yards no longer listed removed. */
  private async replaceYards(m: EntityManager, orgId: string, dto: PutPartnerProfileDto, now: Date): Promise<JsonObject | null> {
    const yards = dto.storage_yards ?? [];
    const keep = yards.map((y) => y.id).filter((id): id is string => id !== undefined);
    const removed = await m.delete(StorageYard, keep.length > 0 ? { orgId, id: Not(In(keep)) } : { orgId });
    let created = 0;
    for (const yard of yards) {
      const values = {
        name: yard.name.trim(),
        address: { ...yard.address },
        capacity: yard.capacity,
        dailyRateAmount: yard.daily_rate.amount,
        dailyRateCurrency: yard.daily_rate.currency,
        updatedAt: now,
      };
      if (yard.id) await m.update(StorageYard, { id: yard.id, orgId }, values);
      else {
        await m.insert(StorageYard, { ...values, id: randomUUID(), orgId, createdAt: now });
        created++;
      }
    }
    const removedCount = removed.affected ?? 0;
    return created || removedCount || keep.length ? { created, updated: keep.length, removed: removedCount } : null;
  }

  async submit(principal: Principal) {
    await this.dataSource.transaction(async (m) => {
      const profile = await this.records.lockProfile(m, principal.orgId);
      if (!profile) throw PartnerErrors.profileNotFound();
      await this.vetting.apply(m, profile, 'submit', 'submitted for review', principal);
    });
    return this.get(principal);
  }

  /**
   * Stores a credential and its document. The file is written first and removed again if the row
   * cannot be stored, so a refusal leaves neither a row nor an orphan file.
   */
  async addCredential(principal: Principal, fields: CredentialFieldsDto, document: UploadedDocument | null) {
    const errors = validateCredential(fields);
    if (!document) errors.push({ field: 'document', message: 'a document file (PDF, JPEG or PNG) is required' });
    if (errors.length > 0) throw validationFailed(errors);
    const declared = normaliseDeclaredType(document!.mimetype);
    const detected = sniffDocumentType(document!.data);
    if (detected === null || detected !== declared) throw PartnerErrors.documentTypeUnsupported(declared, detected);

    const profile = await this.records.profileOf(principal.orgId);
    if (!profile) throw PartnerErrors.profileNotFound();
    if (profile.status === 'revoked') throw PartnerErrors.revoked();

    const id = randomUUID();
    const key = `credentials/${principal.orgId}/${id}`;
    const sha256 = createHash('sha256').update(document!.data).digest('hex');
    const kind: CredentialKind = (LICENCE_TYPES as readonly string[]).includes(fields.type) ? 'licence' : 'insurance';
    await this.storage.put(key, document!.data);
    try {
      await this.dataSource.transaction(async (m) => {
        const locked = await this.records.lockProfile(m, principal.orgId);
        if (!locked || locked.status === 'revoked') throw PartnerErrors.revoked();
        const row = m.create(PartnerCredential, {
          id,
          orgId: principal.orgId,
          kind,
          type: fields.type,
          number: fields.number.trim(),
          issuingRegion: fields.issuing_region,
          coverageAmount: fields.coverage_amount === undefined ? null : Number(fields.coverage_amount),
          coverageCurrency: fields.coverage_currency ?? null,
          effectiveOn: fields.effective_on,
          expiresOn: fields.expires_on,
          status: 'active',
          documentKey: key,
          documentFilename: safeFilename(document!.filename, 'document'),
          documentContentType: detected,
          documentSize: document!.data.length,
          documentSha256: sha256,
          uploadedByUserId: principal.userId,
          createdAt: this.clock.now(),
        });
        await m.insert(PartnerCredential, row);
        await this.audit.record(
          { action: 'credential.upload', principal, entityType: 'credential', entityId: id, changes: { type: fields.type, expires_on: fields.expires_on, sha256 } },
          m,
        );
        await this.outbox.record(m, {
          type: 'credential.uploaded',
          aggregateType: 'partner',
          aggregateId: principal.orgId,
          orgIds: [principal.orgId],
          payload: { org_id: principal.orgId, credential_id: id, credential_type: fields.type, expires_on: fields.expires_on },
        });
      });
    } catch (err) {
      await this.storage.delete(key);
      throw err;
    }
    const row = await this.dataSource.manager.findOneByOrFail(PartnerCredential, { id });
    return presentCredential(row, { withDocumentLink: true });
  }

  /** The file itself: the owning org and the platform only; anyone else gets the same 404 as for a missing id. */
  async document(principal: Principal, credentialId: string): Promise<{ row: PartnerCredential; data: Buffer }> {
    if (!isUuid(credentialId)) throw PartnerErrors.credentialNotFound();
    const qb = this.dataSource.manager.getRepository(PartnerCredential).createQueryBuilder('c').where('c.id = :id', { id: credentialId });
    if (principal.orgKind !== 'platform') qb.andWhere('c.orgId = :orgId', { orgId: principal.orgId });
    const row = await qb.getOne();
    if (!row) throw PartnerErrors.credentialNotFound();
    const data = await this.storage.get(row.documentKey);
    if (!data) throw PartnerErrors.credentialNotFound();
    if (principal.orgKind === 'platform') {
      await this.audit.record({ action: 'credential.document_read', principal, entityType: 'credential', entityId: row.id, changes: { org_id: row.orgId } });
    }
    return { row, data };
  }
}


/** Rules a DTO decorator cannot express: what each org kind must and must not fill in. */
export function validateProfile(kind: PartnerOrgKind, dto: PutPartnerProfileDto): FieldError[] {
  const errors: FieldError[] = [];
  dto.contacts.forEach((c, i) => {
    if (!c.email && !c.phone) errors.push({ field: `contacts[${i}]`, message: 'a contact needs an email or a phone' });
  });
  if (kind === 'buyer') {
    if (!dto.buyer_type) errors.push({ field: 'buyer_type', message: 'buyer_type is required: dealer, wholesaler or individual' });
    if (dto.buyer_type && dto.buyer_type !== 'individual' && !dto.registration_number) {
      errors.push({ field: 'registration_number', message: `registration_number is required for a ${dto.buyer_type}` });
    }
    for (const field of ['capabilities', 'service_areas', 'storage_yards'] as const) {
      if (dto[field]?.length) errors.push({ field, message: `${field} do not apply to buyers` });
    }
    if (dto.capacity) errors.push({ field: 'capacity', message: 'capacity does not apply to buyers' });
    return errors;
  }
  if (dto.buyer_type) errors.push({ field: 'buyer_type', message: 'buyer_type applies to buyers only' });
  if (!dto.registration_number) errors.push({ field: 'registration_number', message: 'registration_number is required' });
  if (!dto.capabilities?.length) errors.push({ field: 'capabilities', message: 'list at least one capability' });
  if (!dto.service_areas?.length) errors.push({ field: 'service_areas', message: 'list at least one service area' });
  (dto.service_areas ?? []).forEach((area, i) => errors.push(...validateServiceArea(area, `service_areas[${i}]`)));
  if (!dto.capacity) errors.push({ field: 'capacity', message: 'capacity.max_concurrent_jobs is required' });
  if (dto.capabilities?.includes('storage') && !dto.storage_yards?.length) {
    errors.push({ field: 'storage_yards', message: 'a partner offering storage lists at least one storage yard' });
  }
  return errors;
}

/** Dates real and in order (expiry after effective), coverage whole and in one currency, kind matching type. */
export function validateCredential(fields: CredentialFieldsDto): FieldError[] {
  const errors: FieldError[] = [];
  const effectiveOk = isCalendarDate(fields.effective_on);
  const expiresOk = isCalendarDate(fields.expires_on);
  if (!effectiveOk) errors.push({ field: 'effective_on', message: 'effective_on must be a real calendar date' });
  if (!expiresOk) errors.push({ field: 'expires_on', message: 'expires_on must be a real calendar date' });
  if (effectiveOk && expiresOk && fields.expires_on <= fields.effective_on) {
    errors.push({ field: 'expires_on', message: 'expires_on must be after effective_on' });
  }
  const isInsurance = (INSURANCE_TYPES as readonly string[]).includes(fields.type);
  const impliedKind: CredentialKind = isInsurance ? 'insurance' : 'licence';
  if (fields.kind !== undefined && fields.kind !== impliedKind) errors.push({ field: 'kind', message: `${fields.type} is a ${impliedKind}` });
  if ((fields.coverage_amount === undefined) !== (fields.coverage_currency === undefined)) {
    errors.push({ field: fields.coverage_amount === undefined ? 'coverage_amount' : 'coverage_currency', message: 'coverage_amount and coverage_currency go together' });
  } else if (isInsurance && fields.coverage_amount === undefined) {
    errors.push({ field: 'coverage_amount', message: 'insurance needs its coverage amount (minor units) and coverage_currency' });
  }
  if (fields.coverage_amount !== undefined && !Number.isSafeInteger(Number(fields.coverage_amount))) {
    errors.push({ field: 'coverage_amount', message: 'coverage_amount is too large' });
  }
  return errors;
}
