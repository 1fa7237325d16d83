/**
 * One refusal of one input field, as rendered in problem+json `errors` (DESIGN §2). `field` is
 * the snake_case path of the API JSON (`flat_fees.repossession.amount`); `code` is stable so
 * clients can branch on it while `message` stays free to improve.
 */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}
