import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditLogQueryDto } from '../common/audit/audit-log.dto';
import { AuditLogService } from '../common/audit/audit-log.service';
import { ApiCsv, ApiPage, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { AuditEntrySchema } from './compliance.openapi';

/** The audit log for those who answer for it (DESIGN §2): a lender's leads read their org's entries, platform staff all. */
@ApiTags('compliance')
@OrgKinds('lender', 'platform')
@Roles('owner', 'manager', 'admin', 'compliance')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiSummary('Read the audit log', 'Entries the caller’s org made or is a party to (platform staff: all), newest first, with the before/after of changed fields.')
  @ApiPage(AuditEntrySchema)
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuditLogQueryDto) {
    return this.auditLog.list(principal, query);
  }

  @Get('export.csv')
  @ApiSummary('Export the audit log as CSV', 'The same filters as the list, every matching entry, streamed.')
  @ApiCsv('One line per entry; `changes` as JSON')
  @ApiProblems(400)
  export(@CurrentPrincipal() principal: Principal, @Query() query: AuditLogQueryDto, @Res() reply: FastifyReply) {
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(this.auditLog.exportCsv(principal, query));
  }
}
