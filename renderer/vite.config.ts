import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist-renderer/, which browser mode serves and Electron loads from disk:
// relative asset URLs so both work.
const root = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: new URL('../dist-renderer', import.meta.url).pathname,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
