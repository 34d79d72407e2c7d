import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built to static files the gateway serves at /dashboard. No React plugin: Vite compiles JSX
// (automatic runtime) by itself, and a full page reload is all the development loop needs.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be an inline script, which the dashboard's content security policy refuses.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    // `npm run dev -w @switchboard/dashboard` against a gateway on 8080.
    proxy: { '/admin': 'http://127.0.0.1:8080' },
  },
});
