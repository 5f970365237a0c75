// The dashboard imports `enkash-rewards` exactly as an app would. The SDK's browser entry
// loads its wasm with a top-level await, so the build targets ES2022.
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  optimizeDeps: { exclude: ['enkash-rewards'] },
});
