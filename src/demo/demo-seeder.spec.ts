import { passwordWeakness } from '../auth/domain/password-policy';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-seeder';

describe('demo accounts', () => {
  it('accepts the demo accounts’ password', () => {
    for (const account of DEMO_ACCOUNTS) expect(passwordWeakness(DEMO_PASSWORD, account.email)).toBeNull();
  });
});
