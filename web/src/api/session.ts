/**
 * The signed-in session as the API issues it (src/auth/tokens.service.ts): a short-lived access
 * token and a single-use refresh token. Reusing a refresh token revokes the whole login, so a
 * refresh happens once at a time — one promise per tab, and across tabs under a Web Lock — and a
 * tab that finds a newer pair in storage (another tab refreshed) takes it instead of refreshing.
 */
export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds after which the access token is no longer accepted. */
  readonly expiresAt: number;
}

export interface TokenAnswer {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
}

export interface SessionDeps {
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Calls POST /v1/auth/refresh; null when the API refused the token (the login is over). */
  readonly refresh: (refreshToken: string) => Promise<TokenAnswer | null>;
  readonly now?: () => number;
  /** navigator.locks.request where the browser has it. */
  readonly lock?: <T>(name: string, run: () => Promise<T>) => Promise<T>;
}

const KEY = 'reclaim.session';
/** Refresh this long before expiry, so a request in flight does not carry a token that lapses. */
const EARLY_MS = 30_000;

export const tokensFrom = (answer: TokenAnswer, now: number): Tokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token,
  expiresAt: now + answer.expires_in * 1000,
});

export class Session {
  private inFlight: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  read(): Tokens | null {
    const raw = this.deps.storage.getItem(KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Tokens;
    } catch {
      return null;
    }
  }

  signedIn(): boolean {
    return this.read() !== null;
  }

  store(answer: TokenAnswer): void {
    this.deps.storage.setItem(KEY, JSON.stringify(tokensFrom(answer, this.now())));
    this.emit();
  }

  clear(): void {
    this.deps.storage.removeItem(KEY);
    this.emit();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An access token good for the next request, refreshing first when it is (nearly) expired. */
  async accessToken(): Promise<string | null> {
    const tokens = this.read();
    if (!tokens) return null;
    if (tokens.expiresAt - EARLY_MS > this.now()) return tokens.accessToken;
    return this.refreshed(tokens.refreshToken);
  }

  /** After a 401: refresh unless another request (or tab) already did since `staleAccess` was sent. */
  async afterUnauthorized(staleAccess: string): Promise<string | null> {
    const tokens = this.read();
    if (!tokens) return null;
    if (tokens.accessToken !== staleAccess) return tokens.accessToken;
    return this.refreshed(tokens.refreshToken);
  }

  private refreshed(usedRefresh: string): Promise<string | null> {
    this.inFlight ??= this.withLock(async () => {
      const current = this.read();
      if (!current) return null;
      if (current.refreshToken !== usedRefresh) return current.accessToken;
      const answer = await this.deps.refresh(current.refreshToken);
      if (!answer) {
        this.clear();
        return null;
      }
      this.store(answer);
      return answer.access_token;
    }).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private withLock<T>(run: () => Promise<T>): Promise<T> {
    return this.deps.lock ? this.deps.lock('reclaim.refresh', run) : run();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Storage for a session that need not outlive the page (tests, and a browser that refuses localStorage). */
export function memoryStorage(): SessionDeps['storage'] {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}
