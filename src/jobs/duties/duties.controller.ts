import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiAnswer, ApiProblems, ApiSummary } from '../../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../../common/tenancy/decorators';
import { Principal } from '../../common/tenancy/principal';
import { isUuid } from '../../common/tenancy/tenancy';
import { PartnerDirectoryService } from '../../partners/partner-directory.service';
import { Job } from '../job.entity';
import { JobErrors } from '../jobs.errors';
import { DutyErrors } from './duties.errors';
import { DutyStatisticsSchema, JobDutyListSchema, RepossessionDutiesSchema } from './duties.openapi';
import { PutRepossessionDutiesDto } from './dto/repossession-duties.dto';
import { RepossessionDutiesService } from './repossession-duties.service';

/** The platform's table of repossession duties per jurisdiction (DESIGN §6): admins only, every change audited. */
@ApiTags('jobs')
@OrgKinds('platform')
@Roles('admin')
@Controller('admin/repossession-duties')
export class RepossessionDutiesAdminController {
  constructor(private readonly duties: RepossessionDutiesService) {}

  @Get()
  @ApiSummary('List the repossession duties of every jurisdiction')
  @ApiAnswer(RepossessionDutiesSchema)
  list() {
    return this.duties.list();
  }

  @Put()
  @ApiSummary('Replace the repossession duties', 'Every jurisdiction, in one transaction; audited with the table before and after. Deadlines already started keep the rule they started under.')
  @ApiAnswer(RepossessionDutiesSchema)
  @ApiProblems(400)
  replace(@CurrentPrincipal() principal: Principal, @Body() dto: PutRepossessionDutiesDto) {
    return this.duties.replace(principal, dto);
  }
}

/** A job's duties (its lender and its partner) and a partner's record on them. */
@ApiTags('jobs')
@Controller()
export class JobDutiesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly duties: RepossessionDutiesService,
    private readonly partners: PartnerDirectoryService,
  ) {}

  @Get('jobs/:id/duties')
  @ApiSummary('List a job’s repossession duties', 'Started by the recovery: each with its deadline (local weekends and holidays applied), and whether it was fulfilled or breached.')
  @ApiAnswer(JobDutyListSchema)
  @ApiProblems(404)
  async ofJob(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    if (!isUuid(id)) throw JobErrors.notFound();
    const side = principal.orgKind === 'lender' ? 'lenderOrgId' : 'partnerOrgId';
    const job = principal.orgKind === 'platform' ? await this.dataSource.getRepository(Job).findOneBy({ id }) : await this.dataSource.getRepository(Job).findOneBy({ id, [side]: principal.orgId });
    if (!job) throw JobErrors.notFound();
    return { data: await this.duties.ofJob(job.id) };
  }

  @Get('partners/:orgId/duty-statistics')
  @ApiSummary('A partner’s record on repossession duties', 'Open, fulfilled and breached duties (DESIGN §6: a breach counts on the partner’s statistics).')
  @ApiAnswer(DutyStatisticsSchema)
  @ApiProblems(404)
  async statistics(@CurrentPrincipal() principal: Principal, @Param('orgId') orgId: string) {
    if (!isUuid(orgId)) throw DutyErrors.partnerNotFound();
    // Seen by whoever may see the partner: itself, the platform, lenders for an approved partner.
    await this.partners.assertVisible(principal, orgId);
    const stats = (await this.duties.statistics([orgId])).get(orgId)!;
    return { partner_org_id: orgId, ...stats };
  }
}
