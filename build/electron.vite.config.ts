/**
 * electron-vite builds three parts into out/: main (the Electron shell plus the CLI and the
 * browser-mode host, which run under plain Node), preload (CommonJS: a sandboxed preload cannot
 * be an ES module) and the renderer (React).
 */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = path.resolve(import.meta.dirname, '..');
const at = (...parts: string[]) => path.join(root, ...parts);

export default defineConfig({
  main: {
    root,
    build: {
      outDir: at('out/main'),
      rollupOptions: {
        input: {
          shell: at('main/shell/index.ts'),
          cli: at('main/cli.ts'),
          'web-host': at('main/web-host.ts'),
        },
      },
    },
  },
  preload: {
    root,
    build: {
      outDir: at('out/preload'),
      rollupOptions: {
        input: { preload: at('main/shell/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: at('renderer/index.html') },
    },
  },
});
