import { checkEndpointUrl } from './endpoint-url';

describe('checkEndpointUrl', () => {
  const dev = { allowLocalHttp: true, allowPrivateTargets: true };
  const prod = { allowLocalHttp: false, allowPrivateTargets: true };

  it.each<[string, boolean, string]>([
    ['https://hooks.example.com/reclaim', false, 'https://hooks.example.com/reclaim'],
    ['https://hooks.example.com:8443/a?b=c', false, 'https://hooks.example.com:8443/a?b=c'],
    ['  https://HOOKS.example.com  ', false, 'https://hooks.example.com/'],
    ['http://localhost:4000/hook', true, 'http://localhost:4000/hook'],
    ['http://127.0.0.1:4000/hook', true, 'http://127.0.0.1:4000/hook'],
    ['http://[::1]:4000/hook', true, 'http://[::1]:4000/hook'],
  ])('accepts %s (local http allowed: %s)', (raw, allowLocalHttp, normalised) => {
    expect(checkEndpointUrl(raw, { allowLocalHttp, allowPrivateTargets: true })).toEqual({ ok: true, url: normalised });
  });

  it.each<[string, { allowLocalHttp: boolean; allowPrivateTargets: boolean }, string]>([
    ['not a url', dev, 'malformed'],
    ['', dev, 'malformed'],
    ['ftp://example.com/x', dev, 'unsupported_scheme'],
    ['javascript:alert(1)', dev, 'unsupported_scheme'],
    ['https://user:pass@example.com/', dev, 'credentials_in_url'],
    ['https://example.com/#frag', dev, 'fragment'],
    ['http://example.com/hook', dev, 'https_required'],
    ['http://10.0.0.5/hook', dev, 'https_required'],
    ['http://localhost.example.com/hook', dev, 'https_required'],
    ['http://localhost:4000/hook', prod, 'https_required'],
    ['http://127.0.0.1:4000/hook', prod, 'https_required'],
  ])('refuses %s', (raw, options, reason) => {
    expect(checkEndpointUrl(raw, options)).toEqual({ ok: false, reason });
  });
});
