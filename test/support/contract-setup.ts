import { takeContractViolations } from './contract';

/** Fails the test whose responses broke the OpenAPI contract (test/support/contract.ts). */
afterEach(() => {
  const violations = takeContractViolations();
  if (violations.length > 0) throw new Error(`responses that do not match docs/openapi.json:\n${violations.join('\n')}`);
});
