import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiAnswer, ApiProblems, ApiSummary, ApiUpload } from '../../common/openapi/decorators';
import { sendsDocument } from '../../common/storage/download';
import { CurrentPrincipal, OrgKinds } from '../../common/tenancy/decorators';
import { Principal } from '../../common/tenancy/principal';
import { readFileUpload } from '../../common/validation/multipart';
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from './domain/evidence';
import { ReleasePersonalEffectDto } from './dto/evidence.dto';
import { EvidenceErrors } from './evidence.errors';
import { EVIDENCE_UPLOAD_FIELDS, EvidenceListSchema, EvidenceSchema, PersonalEffectListSchema, PersonalEffectSchema } from './evidence.openapi';
import { EvidenceService } from './evidence.service';

/** Photos from the field and the personal-property inventory of a job (DESIGN §6). */
@ApiTags('jobs')
@Controller('jobs/:id')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @OrgKinds('agency', 'tow_operator')
  @Post('evidence')
  @ApiSummary('Upload a photo from the field', 'The job’s partner: a condition report, recovery or personal-effect photo (JPEG, PNG or HEIC by its content, at most 15 MB), then named on the progress event that reports it (`photo_document_ids`).')
  @ApiUpload(EVIDENCE_UPLOAD_FIELDS, { name: 'file', description: 'JPEG, PNG or HEIC' }, ['kind'])
  @ApiAnswer(EvidenceSchema, { status: 201 })
  @ApiProblems(400, 404, 409, 413, 415)
  async upload(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() req: FastifyRequest) {
    const { fields, file } = await readFileUpload(req, { fileField: 'file', maxBytes: MAX_PHOTO_BYTES, notMultipart: EvidenceErrors.notMultipart, tooLarge: EvidenceErrors.tooLarge });
    return this.evidence.upload(principal, id, fields, file);
  }

  @Get('evidence/:evidenceId')
  @ApiSummary('Download a photo from the field', 'The job’s lender and its partner only (anyone else: 404).')
  @ApiResponse({
    status: 200,
    description: 'The photo as uploaded; X-Checksum-SHA256 carries its digest',
    content: Object.fromEntries(PHOTO_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiProblems(404)
  async download(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('evidenceId') evidenceId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { row, data } = await this.evidence.download(principal, id, evidenceId);
    sendsDocument(reply, row);
    return data;
  }

  @Get('events/:eventId/evidence')
  @ApiSummary('List the photos of a progress event', 'The lender and the partner: each photo the event names, with its download path.')
  @ApiAnswer(EvidenceListSchema)
  @ApiProblems(404)
  ofEvent(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('eventId') eventId: string) {
    return this.evidence.ofEvent(principal, id, eventId);
  }

  @Get('personal-effects')
  @ApiSummary('List the personal-property inventory', 'Every item a recovery listed, with its photos and its release.')
  @ApiAnswer(PersonalEffectListSchema)
  @ApiProblems(404)
  personalEffects(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.evidence.personalEffects(principal, id);
  }

  @OrgKinds('agency', 'tow_operator')
  @Post('personal-effects/:itemId/release')
  @HttpCode(200)
  @ApiSummary('Record the release of a personal effect', 'To the borrower (or their representative), without a release fee: a fee other than zero is refused (DESIGN §6).')
  @ApiAnswer(PersonalEffectSchema)
  @ApiProblems(400, 404, 409, 422)
  release(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('itemId') itemId: string, @Body() dto: ReleasePersonalEffectDto) {
    return this.evidence.release(principal, id, itemId, dto);
  }
}
