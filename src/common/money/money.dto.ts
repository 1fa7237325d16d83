import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** Money as the API carries it (DESIGN §2): integer minor units and an ISO 4217 code. */
export class MoneyDto {
  @ApiProperty({ example: 10_000_000, description: 'integer minor units (USD 100,000.00 = 10000000)' })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency: string;
}
