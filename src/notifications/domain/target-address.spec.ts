import { classifyAddress, isAllowedHost } from './target-address';
import { checkEndpointUrl } from './endpoint-url';

describe('classifyAddress', () => {
  it.each<[string, 'public' | 'private' | 'never']>([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'private'],
    ['127.255.255.254', 'private'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['169.254.169.254', 'never'],
    ['fe80::1', 'never'],
    ['100.64.0.1', 'never'],
    ['0.0.0.0', 'never'],
    ['::', 'never'],
    ['224.0.0.1', 'never'],
    ['ff02::1', 'never'],
    ['255.255.255.255', 'never'],
    ['192.0.2.1', 'never'],
    ['64:ff9b::a00:1', 'never'],
    ['2002:a00:1::', 'never'],
    ['not an address', 'never'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('isAllowedHost (a URL hostname, before DNS)', () => {
  const strict = { allowPrivateTargets: false };
  const dev = { allowPrivateTargets: true };

  it.each<[string, boolean, boolean]>([
    // host, allowed in production, allowed with WEBHOOK_ALLOW_PRIVATE_TARGETS
    ['hooks.example.com', true, true],
    ['93.184.216.34', true, true],
    ['[2606:4700:4700::1111]', true, true],
    ['localhost', false, true],
    ['localhost.', false, true],
    ['127.0.0.1', false, true],
    ['[::1]', false, true],
    ['10.0.0.1', false, true],
    ['192.168.1.1', false, true],
    ['[::ffff:127.0.0.1]', false, true],
    ['[fd00::1]', false, true],
    ['169.254.169.254', false, false],
    ['[fe80::1]', false, false],
    ['0.0.0.0', false, false],
    ['100.64.1.1', false, false],
    ['metadata.google.internal', false, false],
    ['METADATA.GOOGLE.INTERNAL.', false, false],
    ['metadata.goog', false, false],
    ['instance-data.ec2.internal', false, false],
    ['printer.local', false, false],
    ['redis.localhost', false, false],
    ['intranet', false, false],
    ['0x7f000001', false, true],
    ['0177.0.0.1', false, true],
    ['2130706433', false, true],
  ])('%s → production %s, development %s', (host, inProduction, inDevelopment) => {
    expect(isAllowedHost(host, strict)).toBe(inProduction);
    expect(isAllowedHost(host, dev)).toBe(inDevelopment);
  });
});

describe('checkEndpointUrl refuses internal targets (issue 11 item 2)', () => {
  const options = { allowLocalHttp: true, allowPrivateTargets: false };
  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/hook',
    'https://192.168.1.1/hook',
    'http://[::1]:6379/',
    'http://127.0.0.1:5432/',
    'http://localhost:6379/',
    'https://0x7f000001/hook',
    'https://0177.0.0.1/hook',
    'https://2130706433/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[fc00::1]/',
    'https://100.100.100.200/',
  ])('%s', (url) => {
    expect(checkEndpointUrl(url, options)).toEqual({ ok: false, reason: 'blocked_address' });
  });
});
