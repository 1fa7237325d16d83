import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiProblems, ApiSummary } from '../common/openapi/decorators';
import { CurrentPrincipal, OrgKinds, Roles } from '../common/tenancy/decorators';
import { Principal } from '../common/tenancy/principal';
import { ExplanationContactDto, LegalExpenseDto, LegalFeesAgreementDto, ObligationRebateDto, LienTimesDto, ReconditioningDto, RelatedPartySaleDto, SettlementCreditDto, SubordinateLienDto } from './dto/settlement-inputs.dto';
import { SettlementInputsService } from './settlement-inputs.service';
import { SettlementInputsSchema } from './settlement-inputs.openapi';

/**
 * What the lender records for a vehicle's settlement before its sale is settled (issue 16): the
 * waterfall takes them when the auction's invoice is paid. Each write answers every input.
 */
@ApiTags('money')
@OrgKinds('lender')
@Controller('vehicles/:id/settlement-inputs')
export class SettlementInputsController {
  constructor(private readonly inputs: SettlementInputsService) {}

  @Get()
  @ApiSummary("A vehicle's settlement inputs", 'The credits, reconditioning, legal fees, subordinate liens, related-party sale and explanation contact recorded for the settlement of its sale.')
  @ApiAnswer(SettlementInputsSchema)
  @ApiProblems(404, 422)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.inputs.get(principal, id);
  }

  @Roles('owner', 'manager')
  @Post('credits')
  @ApiSummary(
    "Record a borrower's credit",
    'A credit the borrower is entitled to that the total due does not reflect — a rebate of unearned interest, the refund of a cancelled add-on — taken off the obligation (UCC §9-615(a)(2)) and listed in the explanation (§9-616(c)(5)). Together the credits may not exceed what is due. Idempotency-Key honoured.',
  )
  @ApiAnswer(SettlementInputsSchema, { status: 201 })
  @ApiProblems(400, 404, 409, 422)
  credit(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: SettlementCreditDto) {
    return this.inputs.recordCredit(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Post('reconditioning')
  @ApiSummary('Record reconditioning', 'Work invoiced to prepare the vehicle for sale: an expense of UCC §9-615(a)(1), paid back to the lender from the proceeds. Idempotency-Key honoured.')
  @ApiAnswer(SettlementInputsSchema, { status: 201 })
  @ApiProblems(400, 404, 409, 422)
  reconditioning(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReconditioningDto) {
    return this.inputs.recordReconditioning(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Put('obligation-rebate')
  @HttpCode(200)
  @ApiSummary(
    'The total due reflects a rebate',
    "Whether the case's total due already reflects a rebate of unearned interest or credit service charge: the §9-616 explanation then says so with the obligation (UCC §9-616(c)(1)). A rebate the total due does not reflect is recorded as a credit instead.",
  )
  @ApiAnswer(SettlementInputsSchema)
  @ApiProblems(400, 404, 409, 422)
  obligationRebate(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ObligationRebateDto) {
    return this.inputs.recordObligationRebate(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Put('legal-fees-agreement')
  @HttpCode(200)
  @ApiSummary(
    "The agreement's legal-fees clause",
    "The clause of the security agreement that provides for attorney's fees and legal expenses: only then are they an expense of the sale (UCC §9-615(a)(1)). `null` records that the agreement does not; legal expenses already recorded are then excluded from the settlement, with the reason.",
  )
  @ApiAnswer(SettlementInputsSchema)
  @ApiProblems(400, 404, 409, 422)
  legalFeesAgreement(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: LegalFeesAgreementDto) {
    return this.inputs.recordLegalFeesAgreement(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Post('legal-expenses')
  @ApiSummary(
    'Record a legal expense',
    "An attorney's fee or legal expense invoiced for retaking or disposing of the vehicle, paid back to the lender from the proceeds (UCC §9-615(a)(1)). 422 `settlement.legal_fees_not_provided` until the agreement's clause is recorded. Idempotency-Key honoured.",
  )
  @ApiAnswer(SettlementInputsSchema, { status: 201 })
  @ApiProblems(400, 404, 409, 422)
  legalExpense(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: LegalExpenseDto) {
    return this.inputs.recordLegalExpense(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Post('subordinate-liens')
  @ApiSummary(
    'Record a subordinate lien',
    'A junior lien on the vehicle, after those already recorded in priority. It shares in the proceeds (UCC §9-615(a)(3)) when its authenticated demand was received before distribution was completed and, if the lender asked for reasonable proof, the proof came (§9-615(b)). Idempotency-Key honoured.',
  )
  @ApiAnswer(SettlementInputsSchema, { status: 201 })
  @ApiProblems(400, 404, 409, 422)
  lien(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: SubordinateLienDto) {
    return this.inputs.recordLien(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Patch('subordinate-liens/:lienId')
  @ApiSummary("A lien's demand and proof", 'When its demand was received, when proof was asked for and when it came; null clears a time recorded in error.')
  @ApiAnswer(SettlementInputsSchema)
  @ApiProblems(400, 404, 409, 422)
  updateLien(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('lienId') lienId: string, @Body() dto: LienTimesDto) {
    return this.inputs.updateLien(principal, id, lienId, dto);
  }

  @Roles('owner', 'manager')
  @Put('related-party-sale')
  @HttpCode(200)
  @ApiSummary(
    'Record a related-party sale',
    'The buyer was the lender, a person related to it or a secondary obligor (UCC §9-615(f)), with what a complying sale to an unrelated buyer would have brought when known: a price below it is flagged on the settlement, and the surplus or deficiency is calculated on that amount.',
  )
  @ApiAnswer(SettlementInputsSchema)
  @ApiProblems(400, 404, 409, 422)
  relatedPartySale(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: RelatedPartySaleDto) {
    return this.inputs.recordRelatedPartySale(principal, id, dto);
  }

  @Roles('owner', 'manager')
  @Put('explanation-contact')
  @HttpCode(200)
  @ApiSummary(
    "The explanation's contact",
    'The telephone number or mailing address the §9-616 explanation gives for more information (§9-616(a)(1)(D)). Also after the sale is settled: the explanation waits for it.',
  )
  @ApiAnswer(SettlementInputsSchema)
  @ApiProblems(400, 404, 422)
  contact(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ExplanationContactDto) {
    return this.inputs.recordContact(principal, id, dto);
  }
}
