// The web app of app/ at /app, beside /graphql on the same origin. Development serves it
// from the sources through Vite in middleware mode (no build step: `npm start`, then
// /app); production serves the static files `npm run build` wrote to dist/app, with a
// Content-Security-Policy. The demo identity's sign-in routes live here too.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import type { IdentityConfig } from '../platform/identity.js';
import { logger } from '../platform/logger.js';
import { isPersonaName, PERSONA_NAMES, PERSONAS, tokenFor } from '../platform/personas.js';
import { registeredOrganisation } from '../platform/organisations.js';

export const APP_PATH = '/app';

/**
 * The app beside this code: its sources beside gateway/ in the repository, its built files
 * beside dist/gateway in the build (scripts/build.ts writes them to dist/app).
 */
export const APP_DIR = fileURLToPath(new URL('../app/', import.meta.url));

/** How the gateway serves the app: from the sources through Vite, from built files, or not at all. */
export type AppServing = { from: 'sources' } | { from: 'build'; dir: string } | { from: 'nowhere' };

/**
 * The app's policy in production: its own scripts, styles, images and /graphql only; no
 * inline script, no framing. Development has none: Vite injects inline scripts.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Development: Vite from the sources; production: the build when it is there; tests choose. */
export function appServingFor(nodeEnv: 'development' | 'production' | 'test'): AppServing {
  if (nodeEnv === 'development') return { from: 'sources' };
  if (nodeEnv === 'production') return { from: 'build', dir: APP_DIR };
  return { from: 'nowhere' };
}

export interface ServedApp {
  handler: RequestHandler;
  close(): Promise<void>;
}

/**
 * Vite in middleware mode, created on the first request for the app: loaded on first use, so
 * production never loads Vite (a development dependency), and untyped on purpose like the
 * explorer's renderer. Its hot-reload WebSocket shares the gateway's own HTTP server (the
 * first request's), so it needs no port of its own.
 */
function viteMiddleware(): ServedApp {
  let started: Promise<{ middlewares: RequestHandler; close(): Promise<void> }> | undefined;
  const start = async (httpServer: Server | undefined) => {
    const vitePackage: string = 'vite';
    const vite = (await import(vitePackage)) as {
      createServer(config: Record<string, unknown>): Promise<{ middlewares: RequestHandler; close(): Promise<void> }>;
    };
    return vite.createServer({
      configFile: fileURLToPath(new URL('../app/vite.config.ts', import.meta.url)),
      root: APP_DIR,
      server: { middlewareMode: true, ws: httpServer ? { server: httpServer } : false },
      appType: 'spa',
      logLevel: 'warn',
    });
  };
  return {
    handler(req, res, next) {
      // Node gives each accepted socket its server.
      started ??= start((req.socket as Socket & { server?: Server }).server);
      started.then((vite) => vite.middlewares(req, res, next), next);
    },
    close: async () => {
      await (await started)?.close();
    },
  };
}

function builtFiles(dir: string): ServedApp {
  const files = express.static(dir, {
    index: 'index.html',
    setHeaders(res, path) {
      // File names under assets/ carry a content hash; index.html must be revalidated.
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const handler: RequestHandler = (req, res, next) => {
    res.setHeader('content-security-policy', APP_CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    files(req, res, next);
  };
  return { handler, close: async () => {} };
}

/**
 * Mounts the app on `app` at /app (and sends /app to /app/). Returns what to close when
 * the gateway stops, or nothing when there is no app to serve (a production deployment
 * built without it is still a working graph).
 */
export async function mountApp(app: Express, serving: AppServing): Promise<ServedApp | undefined> {
  if (serving.from === 'nowhere') return undefined;
  if (serving.from === 'build' && !existsSync(`${serving.dir}/index.html`)) {
    logger.warn({ dir: serving.dir }, 'the web app is not built: /app is not served (npm run build builds it)');
    return undefined;
  }
  const served = serving.from === 'sources' ? viteMiddleware() : builtFiles(serving.dir);
  // Relative links of the app's page resolve under /app/ only: /app itself goes there.
  app.use((req, res, next) => (req.path === APP_PATH ? res.redirect(301, `${APP_PATH}/`) : next()));
  if (serving.from === 'sources') {
    // Vite knows its base (/app/) and wants the whole URL.
    app.use((req, res, next) => (req.path.startsWith(`${APP_PATH}/`) ? served.handler(req, res, next) : next()));
  } else {
    app.use(APP_PATH, served.handler);
  }
  return served;
}

/**
 * The demo identity's sign-in, for the app: the personas, and a token for one of them. Only
 * where the hub signs its own demo tokens (no JWKS) and never in production; a real
 * deployment's app gets its token from the identity provider instead (docs/app.md).
 */
export function demoIdentityRoutes(config: IdentityConfig): express.Router {
  const router = express.Router();
  const organisationName = (code: string) => registeredOrganisation(code)?.name ?? code;
  router.get('/demo-identity/personas', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({
      personas: PERSONA_NAMES.map((name) => {
        const { displayName, organisation, scopes, description } = PERSONAS[name];
        return { name, displayName, organisation: { code: organisation, name: organisationName(organisation) }, scopes, description };
      }),
    });
  });
  router.post('/demo-identity/token', express.json({ limit: 1024 }), async (req, res) => {
    const persona: unknown = (req.body as { persona?: unknown } | undefined)?.persona;
    res.setHeader('cache-control', 'no-store');
    if (typeof persona !== 'string' || !isPersonaName(persona)) {
      res.status(400).json({ error: `persona must be one of ${PERSONA_NAMES.join(', ')}` });
      return;
    }
    res.json({ token: await tokenFor(persona, config) });
  });
  return router;
}

/** Whether the demo identity's routes exist: outside production, on the demo identity's own keys. */
export function demoIdentityWanted(config: IdentityConfig & { NODE_ENV: string }): boolean {
  return config.NODE_ENV !== 'production' && config.AUTH_JWKS_URL === undefined && config.AUTH_JWKS_FILE === undefined;
}
