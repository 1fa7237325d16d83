import createClient from 'openapi-fetch';
import type { components, paths } from '../../../test/contract/generated/reclaim-api';
import { memoryStorage, Session, type TokenAnswer } from './session';

// The types are the ones `npm run openapi` generates from docs/openapi.json (openapi-typescript):
// a route or field that changes there breaks `npm run build` of the console (`tsc -p web`).
export type Schemas = components['schemas'];
export type { paths };

/** A fetch that carries the access token, refreshes it once on a 401 and repeats the request. */
export function authorisedFetch(session: Session, base: typeof fetch = fetch): (request: Request) => Promise<Response> {
  return async (request) => {
    const retry = request.clone();
    const token = await session.accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    const response = await base(request);
    if (response.status !== 401 || !token) return response;
    const fresh = await session.afterUnauthorized(token);
    if (!fresh) return response;
    retry.headers.set('authorization', `Bearer ${fresh}`);
    return base(retry);
  };
}

const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
const plain = createClient<paths>({ baseUrl: origin });

async function refreshTokens(refreshToken: string): Promise<TokenAnswer | null> {
  const { data } = await plain.POST('/v1/auth/refresh', { body: { refresh_token: refreshToken } });
  return data ?? null;
}

export const session = new Session({
  storage: typeof window === 'undefined' ? memoryStorage() : window.localStorage,
  refresh: refreshTokens,
  lock: typeof navigator !== 'undefined' && navigator.locks ? (name, run) => navigator.locks.request(name, run) : undefined,
});

export const api = createClient<paths>({ baseUrl: origin, fetch: authorisedFetch(session) });

/** The API's answer or its problem, thrown, so TanStack Query sees a refusal as an error. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw error ?? { status: response.status, title: response.statusText };
  return data as T;
}

/** A file upload as multipart/form-data (openapi-fetch would JSON-encode the body). */
export const asFormData = (file: File, name = 'file') => {
  const form = new FormData();
  form.append(name, file);
  return form;
};

/** A protected resource (a CSV, a printable letter) fetched with the token, as a URL the browser can open. */
export async function blobUrl(path: string): Promise<string> {
  const response = await authorisedFetch(session)(new Request(new URL(path, origin)));
  if (!response.ok) throw { status: response.status, title: response.statusText };
  return URL.createObjectURL(await response.blob());
}

/** A protected CSV (the import's rejected rows, a statement) handed to the browser as a download. */
export async function download(path: string, fileName: string): Promise<void> {
  const url = await blobUrl(path);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
