import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiAnswer, ApiProblems, ApiSummary } from '../../common/openapi/decorators';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { CurrentPrincipal, OrgKinds, Public } from '../../common/tenancy/decorators';
import { Principal } from '../../common/tenancy/principal';
import { AuthorisationSchema, VerificationSchema } from './authorisation.openapi';
import { AuthorisationService } from './authorisation.service';
import { IssueAuthorisationDto, LetterQueryDto } from './dto/authorisation.dto';

/** Letters of authorisation for the field: issued and printed by the job's lender or partner. */
@ApiTags('jobs')
@Controller('jobs/:id/authorisations')
export class AuthorisationsController {
  constructor(private readonly authorisations: AuthorisationService) {}

  @OrgKinds('lender', 'agency', 'tow_operator')
  @Post()
  @ApiSummary('Issue a letter of authorisation', 'For a job accepted or in progress, by its lender or its partner: the answer carries the verification code printed on the letter (only its hash is stored).')
  @ApiAnswer(AuthorisationSchema, { status: 201 })
  @ApiProblems(400, 404, 409)
  issue(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: IssueAuthorisationDto) {
    return this.authorisations.issue(principal, id, dto.language ?? 'en');
  }

  @OrgKinds('lender', 'agency', 'tow_operator')
  @Get(':authorisationId/letter')
  @ApiSummary('Print a letter of authorisation', 'One A4 page of HTML with print CSS, in en or zh-CN: lender, partner, work, account and vehicle reference, validity, verification code.')
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The letter', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(400, 404)
  async letter(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('authorisationId') authorisationId: string, @Query() query: LetterQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const html = await this.authorisations.letter(principal, id, authorisationId, query.lang);
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store');
    return html;
  }
}

/** Anyone — a borrower, a police officer — checks a letter on the spot. */
@ApiTags('jobs')
@Controller('verify')
export class VerifyController {
  constructor(private readonly authorisations: AuthorisationService) {}

  @Public()
  @RateLimited('verify')
  @Get(':code')
  @ApiSummary('Check a letter of authorisation', 'Public and rate-limited: whether the letter authorises its bearer now, and for whom. Read from the job’s state at each call, so a held, recalled or ended job voids it at once.')
  @ApiParam({ name: 'code', description: 'the verification code printed on the letter; case, spaces and dashes are ignored', example: '7K3M-2QXD-9HFA-R1TB' })
  @ApiAnswer(VerificationSchema)
  @ApiProblems(404, 429)
  verify(@Param('code') code: string) {
    return this.authorisations.verify(code);
  }
}
