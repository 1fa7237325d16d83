import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { CREDIT_TYPES, CreditType } from '../domain/waterfall';
import { BUYER_RELATIONS, BuyerRelation } from '../settlement-inputs.entity';

export class SettlementCreditDto {
  @ApiProperty({ enum: CREDIT_TYPES, description: 'unearned_interest_rebate: a rebate of unearned interest or credit service charge; add_on_refund: a cancelled add-on product (GAP, service contract)' })
  @IsIn(CREDIT_TYPES)
  type!: CreditType;

  @ApiProperty({ type: MoneyDto, description: "in the case's currency, above zero" })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ maxLength: 500, example: 'GAP contract 7781 cancelled 2026-03-02, refund' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  basis!: string;
}

/** An expense the lender was invoiced for: reconditioning, an attorney's fee. */
export class InvoicedExpenseDto {
  @ApiProperty({ type: MoneyDto, description: "what the invoice charged, in the case's currency, above zero" })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ maxLength: 500, example: 'replaced two tyres, detailing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description!: string;

  @ApiProperty({ maxLength: 200, example: 'INV-2026-0415' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  invoice_ref!: string;
}

export class ReconditioningDto extends InvoicedExpenseDto {}

export class LegalExpenseDto extends InvoicedExpenseDto {}

export class ObligationRebateDto {
  @ApiProperty({ description: "the case's total due already reflects a rebate of unearned interest or credit service charge: the explanation says so (UCC §9-616(c)(1)); a rebate it does not reflect is a credit" })
  @IsBoolean()
  reflects_rebate!: boolean;
}

export class LegalFeesAgreementDto {
  @ApiProperty({ maxLength: 300, nullable: true, example: 'Retail installment contract §14 (collection costs and reasonable attorney’s fees)', description: "the clause of the security agreement providing for attorney's fees and legal expenses (UCC §9-615(a)(1)); null: the agreement does not" })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  clause!: string | null;
}

export class LienTimesDto {
  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: "when the holder's authenticated demand for proceeds was received (UCC §9-615(a)(3)(A))" })
  @IsOptional()
  @IsDateString({ strict: true })
  demand_received_at?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'when the lender asked the holder for reasonable proof of its lien (§9-615(b))' })
  @IsOptional()
  @IsDateString({ strict: true })
  proof_requested_at?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'when the proof asked for was received' })
  @IsOptional()
  @IsDateString({ strict: true })
  proof_received_at?: string | null;
}

export class SubordinateLienDto extends LienTimesDto {
  @ApiProperty({ maxLength: 200, example: 'Second Street Credit Union' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  holder!: string;

  @ApiProperty({ type: MoneyDto, description: "what the lien secures, in the case's currency, above zero" })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;
}

export class RelatedPartySaleDto {
  @ApiProperty({ enum: BUYER_RELATIONS, nullable: true, description: 'who bought: the lender, a person related to it, a secondary obligor (UCC §9-615(f)); null: an unrelated buyer' })
  @ValidateIf((_, v) => v !== null)
  @IsIn(BUYER_RELATIONS)
  buyer_relation!: BuyerRelation | null;

  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: 'what a complying sale to an unrelated buyer would have brought; the surplus or deficiency is then calculated on it when it is above the price' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  commercially_reasonable_amount?: MoneyDto | null;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, example: 'NADA clean trade-in 2026-03, two dealer quotes' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  basis?: string | null;
}

export class ExplanationContactDto {
  @ApiPropertyOptional({ maxLength: 40, example: '+1 800 555 0100' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ maxLength: 300, example: '1 Finance Way, Austin TX 78701' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  address?: string;
}
