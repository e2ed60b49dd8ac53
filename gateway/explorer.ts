// The explorer for development: GraphiQL from @graphql-yoga/render-graphiql, whose
// page carries its scripts, styles and editor workers inline, so it works with no
// internet access (Apollo's landing page loads from a CDN; it is disabled).
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { RequestHandler } from 'express';

interface ExplorerOptions {
  title: string;
  endpoint: string;
  defaultQuery: string;
}

/**
 * Loaded on first use, so production never loads its 9 MB (the renderer is a development
 * dependency), and untyped on purpose: its typings import graphql-yoga's, which re-declare
 * graphql's error extensions for every file.
 */
async function renderExplorer(options: ExplorerOptions): Promise<string> {
  const renderer: string = '@graphql-yoga/render-graphiql';
  const { renderGraphiQL } = (await import(renderer)) as { renderGraphiQL(options: ExplorerOptions): string };
  return renderGraphiQL(options);
}

const EXAMPLE = `# Signed-in reads need a token: npm run -s token -- council-hr
# and, in the headers tab, {"Authorization": "Bearer <token>"}.
query Organisations {
  organisations { code name sector }
}
`;

/** The page in each encoding a browser may ask for, with one validator per encoding. */
interface Page {
  etag: string;
  bodies: Record<'br' | 'gzip' | 'identity', Buffer>;
}

async function preparePage(): Promise<Page> {
  const html = Buffer.from(await renderExplorer({ title: 'Cross-sector data hub', endpoint: '/graphql', defaultQuery: EXAMPLE }));
  // About 9 MB of inline assets become about 2: compressed once, at a brotli quality that takes a moment, not seconds.
  const [br, gzipped] = await Promise.all([
    promisify(brotliCompress)(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
    promisify(gzip)(html, { level: 6 }),
  ]);
  return { etag: createHash('sha256').update(html).digest('base64url').slice(0, 27), bodies: { br, gzip: gzipped, identity: html } };
}

/**
 * Serves the explorer to a browser's GET /graphql, a link's `?query=...` included (GraphiQL
 * opens with that query; Apollo would refuse such a GET without a CSRF header); API clients'
 * requests pass through. The page is compressed and revalidated by its ETag, so a reload
 * costs a 304.
 */
export function explorer(): RequestHandler {
  let page: Promise<Page> | undefined;
  return async (req, res, next) => {
    const wanted = req.accepts(['application/graphql-response+json', 'application/json', 'text/html']);
    if (req.method !== 'GET' || wanted !== 'text/html') return next();
    page ??= preparePage();
    const { etag, bodies } = await page;
    // Brotli when the browser takes it (every current one does): the smaller of the two.
    const encoding: keyof Page['bodies'] = req.acceptsEncodings('br') ? 'br' : req.acceptsEncodings('gzip') ? 'gzip' : 'identity';
    res.type('html');
    res.vary('Accept').vary('Accept-Encoding');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('etag', `"${etag}-${encoding}"`);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (encoding !== 'identity') res.setHeader('content-encoding', encoding);
    res.send(bodies[encoding]);
  };
}
