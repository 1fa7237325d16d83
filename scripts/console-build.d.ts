/** Builds the web console into dist/console (with ifStale, only when missing or older than web/). */
export function buildConsole(options?: { ifStale?: boolean; say?: (message: string) => void }): boolean;
export const CONSOLE_INDEX: string;
