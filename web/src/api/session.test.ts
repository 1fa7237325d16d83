import { describe, expect, it, vi } from 'vitest';
import { authorisedFetch } from './client';
import { memoryStorage, Session, type SessionDeps, type TokenAnswer } from './session';

const pair = (n: number, expiresIn = 900): TokenAnswer => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: expiresIn });

function aSession(refresh = vi.fn<SessionDeps['refresh']>(async (token) => pair(Number(token.split('-')[1]) + 1)), now = { t: 1_000_000 }) {
  const storage = memoryStorage();
  const session = new Session({ storage, refresh, now: () => now.t });
  session.store(pair(1));
  return { session, storage, refresh, now };
}

describe('Session (access + single-use refresh token)', () => {
  it('uses the access token while it is good', async () => {
    const { session, refresh } = aSession();
    expect(await session.accessToken()).toBe('access-1');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes silently shortly before the access token expires', async () => {
    const { session, refresh, now } = aSession();
    now.t += 900_000 - 10_000;
    expect(await session.accessToken()).toBe('access-2');
    expect(refresh).toHaveBeenCalledWith('refresh-1');
    expect(session.read()?.refreshToken).toBe('refresh-2');
  });

  it('sends a refresh token once, however many requests find the token expired together', async () => {
    const { session, refresh, now } = aSession();
    now.t += 3_600_000;
    const tokens = await Promise.all([session.accessToken(), session.accessToken(), session.afterUnauthorized('access-1')]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('takes the pair another tab stored instead of reusing the old refresh token', async () => {
    const { session, storage, refresh } = aSession();
    new Session({ storage, refresh: async () => null }).store(pair(7));
    expect(await session.afterUnauthorized('access-1')).toBe('access-7');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('ends the session when the API refuses the refresh token', async () => {
    const { session } = aSession(vi.fn<SessionDeps['refresh']>(async () => null));
    const changes = vi.fn();
    session.onChange(changes);
    expect(await session.afterUnauthorized('access-1')).toBeNull();
    expect(session.signedIn()).toBe(false);
    expect(changes).toHaveBeenCalled();
  });
});

describe('authorisedFetch', () => {
  it('repeats a request once with the refreshed token after a 401', async () => {
    const { session } = aSession();
    const seen: string[] = [];
    const base = vi.fn(async (request: Request) => {
      seen.push(`${request.headers.get('authorization')} ${await request.text()}`);
      return new Response(null, { status: seen.length === 1 ? 401 : 200 });
    });
    const response = await authorisedFetch(session, base as unknown as typeof fetch)(new Request('http://x/v1/cases', { method: 'POST', body: '{"a":1}' }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['Bearer access-1 {"a":1}', 'Bearer access-2 {"a":1}']);
  });

  it('hands a 401 back when there is no session to refresh', async () => {
    const session = new Session({ storage: memoryStorage(), refresh: async () => pair(2) });
    const base = vi.fn(async () => new Response(null, { status: 401 }));
    expect((await authorisedFetch(session, base as unknown as typeof fetch)(new Request('http://x/v1/me'))).status).toBe(401);
    expect(base).toHaveBeenCalledTimes(1);
  });
});
