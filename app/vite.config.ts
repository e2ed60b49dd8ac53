// Vite for the web app: served at /app by the gateway (Vite in middleware mode in
// development, the files of `npm run build` in production), talking to /graphql.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * govuk-frontend's compiled CSS points at /assets/ on the site's root, and at the GOV.UK
 * Transport font, which only services on GOV.UK may use (a council's service is not one):
 * the font faces go, so text falls back to Arial as the design system asks off GOV.UK, and
 * the images are read from the package, bundled under /app like every other file.
 * Rules for old Internet Explorer only go too.
 */
function govukAssets(): Plugin {
  return {
    name: 'govuk-assets',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('govuk-frontend') || !id.split('?')[0]!.endsWith('.css')) return undefined;
      return (
        code
          .replace(/@font-face\{[^}]*\}/g, '')
          // Rules for old Internet Explorer only (`@media screen\0`), which the minifier refuses and modern browsers ignore.
          .replace(/@media[^{]*\\0[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '')
          .replace(/url\(\/assets\//g, 'url(./assets/')
      );
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [govukAssets(), react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/app', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles: the production Content-Security-Policy allows neither.
    assetsInlineLimit: 0,
  },
  // Named up front so the first page load never finds a new dependency and reloads.
  optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-dev-runtime', '@apollo/client', '@apollo/client/react', 'rxjs', 'graphql'] },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
