import { isAllowedHost } from './target-address';

/**
 * Which URLs may receive webhooks (DESIGN §9): `https://` always; plain `http://` only to this
 * machine (`localhost`, `127.0.0.1`, `[::1]`) and only while the service runs in development or
 * test, so a developer can point a local receiver at it but production never sends a signed
 * event in clear text. Credentials in the URL are refused: URLs are shown in lists and logs.
 * Hosts inside the network (private, loopback, metadata; `target-address.ts`) are refused unless
 * development allows private targets; delivery checks the resolved address again.
 */
export type EndpointUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'unsupported_scheme' | 'credentials_in_url' | 'fragment' | 'https_required' | 'blocked_address' };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function checkEndpointUrl(raw: string, options: { readonly allowLocalHttp: boolean; readonly allowPrivateTargets: boolean }): EndpointUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'unsupported_scheme' };
  if (!url.hostname) return { ok: false, reason: 'malformed' };
  if (url.username || url.password) return { ok: false, reason: 'credentials_in_url' };
  if (url.hash) return { ok: false, reason: 'fragment' };
  if (url.protocol === 'http:' && !(options.allowLocalHttp && LOCAL_HOSTS.has(url.hostname))) return { ok: false, reason: 'https_required' };
  if (!isAllowedHost(url.hostname, options)) return { ok: false, reason: 'blocked_address' };
  return { ok: true, url: url.href };
}
