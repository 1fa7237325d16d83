/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// Built into dist/console, which the API serves at / (src/console/console-static.ts).
export default defineConfig({
  root: here,
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../dist/console', import.meta.url)), emptyOutDir: true, sourcemap: true },
  // `npm run dev:console`: the API on :3000, this server proxies it so the tokens stay same-origin.
  server: { proxy: { '/v1': 'http://localhost:3000' } },
  test: { root: here, include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], environment: 'node' },
});
