import { passwordWeakness } from './password-policy';

describe('passwordWeakness (NIST SP 800-63B §5.1.1.2)', () => {
  it.each<[string, string, string | null]>([
    ['correct horse battery', 'dana@firstauto.example', null],
    ['test-password-1234', 'lender-1a2b3c4d@example.com', null],
    ['short-pass', 'dana@firstauto.example', 'password must be at least 12 characters'],
    ['aaaaaaaaaaaa', 'dana@firstauto.example', 'password must not be one character repeated'],
    ['111111111111111', 'dana@firstauto.example', 'password must not be one character repeated'],
    ['😀😀😀😀😀😀😀', 'dana@firstauto.example', 'password must not be one character repeated'],
    ['password1234', 'dana@firstauto.example', 'password is one of the most common passwords; choose another'],
    ['PASSWORD1234', 'dana@firstauto.example', 'password is one of the most common passwords; choose another'],
    ['qwertyuiop123', 'dana@firstauto.example', 'password is one of the most common passwords; choose another'],
    ['dana.ortiz@firstauto.example', 'dana.ortiz@firstauto.example', 'password must not contain your e-mail address'],
    ['my-Dana.Ortiz-2026', 'dana.ortiz@firstauto.example', 'password must not contain your e-mail address'],
    ['joe-is-a-fine-name', 'jo@example.com', null],
  ])('%s for %s → %s', (password, email, expected) => {
    expect(passwordWeakness(password, email)).toBe(expected);
  });
});
