// The explorer for development: GraphiQL from @graphql-yoga/render-graphiql, whose
// page carries its scripts, styles and editor workers inline, so it works with no
// internet access (Apollo's landing page loads from a CDN; it is disabled).
import type { RequestHandler } from 'express';

interface ExplorerOptions {
  title: string;
  endpoint: string;
  defaultQuery: string;
}

/**
 * Loaded on first use, so production never loads its 9 MB, and untyped on purpose: its
 * typings import graphql-yoga's, which re-declare graphql's error extensions for every file.
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

/** Serves the explorer to a browser's GET /graphql; API clients' requests pass through. */
export function explorer(): RequestHandler {
  let page: Promise<string> | undefined;
  return async (req, res, next) => {
    const wanted = req.accepts(['application/graphql-response+json', 'application/json', 'text/html']);
    if (req.method !== 'GET' || wanted !== 'text/html' || req.query.query !== undefined) return next();
    // About 9 MB of inline assets: rendered once, on first use.
    page ??= renderExplorer({ title: 'Cross-sector data hub', endpoint: '/graphql', defaultQuery: EXAMPLE });
    res.type('html').setHeader('cache-control', 'no-store');
    res.send(await page);
  };
}
