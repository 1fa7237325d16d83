import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LETTER_LANGUAGES, LetterLanguage } from '../domain/authorisation';

export class IssueAuthorisationDto {
  @ApiPropertyOptional({ enum: LETTER_LANGUAGES, default: 'en', description: 'the language the letter is printed in' })
  @IsOptional()
  @IsIn(LETTER_LANGUAGES)
  language?: LetterLanguage;
}

export class LetterQueryDto {
  @ApiPropertyOptional({ enum: LETTER_LANGUAGES, description: 'defaults to the language the letter was issued in' })
  @IsOptional()
  @IsIn(LETTER_LANGUAGES)
  lang?: LetterLanguage;
}
