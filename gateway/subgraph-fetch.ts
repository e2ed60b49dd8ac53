// How the gateway's data sources reach the subgraphs: undici's keep-alive pool through
// `request`. The data source's default (make-fetch-happen) reads a stack trace on every
// request to tell http from https. undici's `fetch` is cheaper, but under the many-users mix
// it still spent about a fifth of the gateway's CPU on what a subgraph call never needs (web
// streams, request cloning, the Fetch algorithm's bookkeeping). A subgraph's answer is one
// small JSON body, read whole; the data source reads it once, as JSON or text.
import { STATUS_CODES } from 'node:http';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, request } from 'undici';

export type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/**
 * Idle connections to subgraphs are kept this long, well inside the 65 s their servers keep
 * them (platform/http.ts), so the gateway never reuses one a server is closing.
 */
const SUBGRAPH_IDLE_SOCKET_MS = 30_000;

/** A subgraph's answer, read whole: the part of a Fetch response the data source uses. */
class SubgraphAnswer implements FetcherResponse {
  readonly bodyUsed = true;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.body).buffer as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return this;
  }
}

/**
 * The fetcher the data sources call, over one keep-alive pool. undici announces each request
 * on its diagnostics channels, where tracing's undici instrumentation adds `traceparent`.
 */
export function subgraphFetcher(): { fetcher: Fetcher; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: SUBGRAPH_IDLE_SOCKET_MS, keepAliveMaxTimeout: SUBGRAPH_IDLE_SOCKET_MS });
  const fetcher = async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const answer = await request(url, {
      dispatcher: agent,
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, one);
    }
    return new SubgraphAnswer(url, answer.statusCode, headers, await answer.body.text());
  };
  return { fetcher, close: () => agent.close() };
}
