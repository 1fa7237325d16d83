import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiPage, ApiProblems, ApiSummary, ApiUpload } from '../common/openapi/decorators';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationFailed } from '../common/problem/problem';
import { flattenValidationErrors } from '../common/problem/validation';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { CredentialRequirementsService } from './credential-requirements.service';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES } from './domain/document-type';
import { CredentialFieldsDto, PutCredentialRequirementsDto, RequirementsQueryDto } from './dto/credential.dto';
import { AdminPartnersQueryDto, DirectoryQueryDto, EligibilityQueryDto } from './dto/directory.dto';
import { IdentityVerificationDto, PutPartnerProfileDto, VettingDecisionDto } from './dto/partner-profile.dto';
import { BuyerVerificationService } from './partner-eligibility.service';
import { PartnerDirectoryService } from './partner-directory.service';
import { PartnerProfileService, UploadedDocument } from './partner-profile.service';
import { PartnerErrors } from './partners.errors';
import {
  CREDENTIAL_UPLOAD_FIELDS,
  CredentialSchema,
  CredentialRequirementListSchema,
  EligibilitySchema,
  PartnerProfileSchema,
  PartnerSchema,
  ResolvedRequirementsSchema,
} from './partners.openapi';
import { VettingAction, VettingService } from './vetting.service';
import { sendsDocument } from '../common/storage/download';
import { readFileUpload } from '../common/validation/multipart';

/** A partner org's own profile (DESIGN §3, §11). */
@ApiTags('partners')
@Controller('partner-profile')
export class PartnerProfileController {
  constructor(
    private readonly profiles: PartnerProfileService,
    private readonly buyers: BuyerVerificationService,
  ) {}

  @OrgKinds('agency', 'tow_operator', 'buyer')
  @Get()
  @ApiSummary('Read my partner profile', 'Buyers also get `bidding`: whether they may bid at auction.')
  @ApiAnswer(PartnerProfileSchema)
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal) {
    const profile = await this.profiles.get(principal);
    return principal.orgKind === 'buyer' ? { ...profile, bidding: await this.buyers.mayBid(principal.orgId) } : profile;
  }

  @OrgKinds('agency', 'tow_operator', 'buyer')
  @Roles('owner', 'manager')
  @Put()
  @ApiSummary('Write my partner profile', 'The whole profile; yards are replaced.')
  @ApiAnswer(PartnerProfileSchema)
  @ApiProblems(409, 422)
  put(@CurrentPrincipal() principal: Principal, @Body() dto: PutPartnerProfileDto) {
    return this.profiles.put(principal, dto);
  }

  @OrgKinds('agency', 'tow_operator', 'buyer')
  @Roles('owner', 'manager')
  @Post('submit')
  @HttpCode(200)
  @ApiSummary('Submit my profile for vetting', 'applied → under_review (DESIGN §3).')
  @ApiAnswer(PartnerProfileSchema)
  @ApiProblems(404)
  submit(@CurrentPrincipal() principal: Principal) {
    return this.profiles.submit(principal);
  }

  /** multipart/form-data: the fields of `CredentialFieldsDto` and one file named `document`. */
  @OrgKinds('agency', 'tow_operator', 'buyer')
  @Roles('owner', 'manager')
  @Post('credentials')
  @ApiSummary('Upload a credential', 'A licence or insurance certificate: its fields and one file named `document` (PDF, JPEG or PNG).')
  @ApiUpload(CREDENTIAL_UPLOAD_FIELDS, { name: 'document', description: 'PDF, JPEG or PNG' }, ['type', 'number', 'issuing_region', 'effective_on', 'expires_on'])
  @ApiAnswer(CredentialSchema, { status: 201 })
  @ApiProblems(404, 413, 415)
  async addCredential(@CurrentPrincipal() principal: Principal, @Req() req: FastifyRequest) {
    const { fields, document } = await readUpload(req);
    const dto = plainToInstance(CredentialFieldsDto, fields);
    const errors = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } }));
    if (errors.length > 0) {
      if (!document) errors.push({ field: 'document', message: 'a document file (PDF, JPEG or PNG) is required' });
      throw validationFailed(errors);
    }
    return this.profiles.addCredential(principal, dto, document);
  }

  /** The document itself: the owning org and the platform only (others: 404). */
  @Get('credentials/:id/document')
  @ApiSummary('Download a credential’s document', 'The owning org and the platform only.')
  @ApiResponse({
    status: 200,
    description: 'The file as uploaded; X-Checksum-SHA256 carries its digest',
    content: Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  async document(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { row, data } = await this.profiles.document(principal, id);
    sendsDocument(reply, { contentType: row.documentContentType, filename: row.documentFilename, sha256: row.documentSha256 });
    return data;
  }
}

/** The credential's fields and its one file, `document`. */
async function readUpload(req: FastifyRequest): Promise<{ fields: Record<string, string>; document: UploadedDocument | null }> {
  const { fields, file } = await readFileUpload(req, { fileField: 'document', maxBytes: MAX_DOCUMENT_BYTES, notMultipart: PartnerErrors.notMultipart, tooLarge: PartnerErrors.documentTooLarge });
  return { fields, document: file };
}

/** Lenders browse partners; the platform and the partner itself see more (DESIGN §3). */
@ApiTags('partners')
@Controller('partners')
export class PartnersController {
  constructor(private readonly directory: PartnerDirectoryService) {}

  @OrgKinds('lender', 'platform')
  @Get()
  @ApiSummary('Browse partners', 'Approved agencies and tow operators, filtered by capability and region.')
  @ApiPage(PartnerSchema)
  list(@Query() query: DirectoryQueryDto) {
    return this.directory.directory(query);
  }

  @Get(':orgId')
  @ApiSummary('Read a partner')
  @ApiAnswer(PartnerSchema)
  get(@CurrentPrincipal() principal: Principal, @Param('orgId') orgId: string) {
    return this.directory.partner(principal, orgId);
  }

  /** The serve check, answered over HTTP for lenders and the partner itself. */
  @Get(':orgId/eligibility')
  @ApiSummary('May this partner serve?', 'For a capability in a region on a day, with every reason when not.')
  @ApiAnswer(EligibilitySchema)
  eligibility(@CurrentPrincipal() principal: Principal, @Param('orgId') orgId: string, @Query() query: EligibilityQueryDto) {
    return this.directory.eligibilityOf(principal, orgId, query);
  }
}

/** What a partner must hold to do a capability in a region: readable by every signed-in org. */
@ApiTags('partners')
@Controller('credential-requirements')
export class CredentialRequirementsController {
  constructor(private readonly requirements: CredentialRequirementsService) {}

  @Get()
  @ApiSummary('What a partner must hold', 'The credential requirements for a capability in a region.')
  @ApiAnswer(ResolvedRequirementsSchema)
  resolved(@Query() query: RequirementsQueryDto) {
    return this.requirements.resolved(query.capability, query.region);
  }
}

/** Vetting by the platform (DESIGN §3): admins and compliance officers only. */
@ApiTags('partners')
@OrgKinds('platform')
@Roles('admin', 'compliance')
@Controller('admin')
export class PartnersAdminController {
  constructor(
    private readonly vetting: VettingService,
    private readonly directory: PartnerDirectoryService,
    private readonly requirements: CredentialRequirementsService,
  ) {}

  @Get('partners')
  @ApiSummary('The vetting queue', 'Partner profiles by status.')
  @ApiPage(PartnerProfileSchema)
  queue(@Query() query: AdminPartnersQueryDto) {
    return this.directory.reviewQueue(query);
  }

  @Post('partners/:orgId/approve')
  @HttpCode(200)
  @ApiSummary('Approve a partner')
  @ApiAnswer(PartnerSchema)
  approve(@CurrentPrincipal() p: Principal, @Param('orgId') orgId: string, @Body() dto: VettingDecisionDto) {
    return this.decide(p, orgId, 'approve', dto);
  }

  @Post('partners/:orgId/reject')
  @HttpCode(200)
  @ApiSummary('Reject a partner')
  @ApiAnswer(PartnerSchema)
  reject(@CurrentPrincipal() p: Principal, @Param('orgId') orgId: string, @Body() dto: VettingDecisionDto) {
    return this.decide(p, orgId, 'reject', dto);
  }

  @Post('partners/:orgId/suspend')
  @HttpCode(200)
  @ApiSummary('Suspend a partner', 'Its lenders with open jobs are told (DESIGN §3).')
  @ApiAnswer(PartnerSchema)
  suspend(@CurrentPrincipal() p: Principal, @Param('orgId') orgId: string, @Body() dto: VettingDecisionDto) {
    return this.decide(p, orgId, 'suspend', dto);
  }

  @Post('partners/:orgId/reinstate')
  @HttpCode(200)
  @ApiSummary('Reinstate a suspended partner')
  @ApiAnswer(PartnerSchema)
  reinstate(@CurrentPrincipal() p: Principal, @Param('orgId') orgId: string, @Body() dto: VettingDecisionDto) {
    return this.decide(p, orgId, 'reinstate', dto);
  }

  @Post('partners/:orgId/revoke')
  @HttpCode(200)
  @ApiSummary('Revoke a partner')
  @ApiAnswer(PartnerSchema)
  revoke(@CurrentPrincipal() p: Principal, @Param('orgId') orgId: string, @Body() dto: VettingDecisionDto) {
    return this.decide(p, orgId, 'revoke', dto);
  }

  @Post('partners/:orgId/identity-verification')
  @HttpCode(200)
  @ApiSummary('Record a buyer’s identity verification')
  @ApiAnswer(PartnerSchema)
  async verifyIdentity(@CurrentPrincipal() p: Principal, @Param('orgId') orgId: string, @Body() dto: IdentityVerificationDto) {
    await this.vetting.recordIdentityVerification(orgId, dto, p);
    return this.directory.partner(p, orgId);
  }

  @Get('credential-requirements')
  @ApiSummary('List every credential requirement')
  @ApiAnswer(CredentialRequirementListSchema)
  listRequirements() {
    return this.requirements.list();
  }

  @Put('credential-requirements')
  @ApiSummary('Replace the credential requirements', 'The whole table, in one transaction.')
  @ApiAnswer(CredentialRequirementListSchema)
  replaceRequirements(@CurrentPrincipal() p: Principal, @Body() dto: PutCredentialRequirementsDto) {
    return this.requirements.replace(p, dto);
  }

  private async decide(principal: Principal, orgId: string, action: VettingAction, dto: VettingDecisionDto) {
    await this.vetting.decide(orgId, action, dto.reason, principal);
    return this.directory.partner(principal, orgId);
  }
}
