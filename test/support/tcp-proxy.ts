// A TCP proxy in front of a server the hub depends on (PostgreSQL, Redis), which a test can
// cut (every connection dropped, new ones refused, as during a restart) or stall (nothing
// forwarded either way, as with a server that hangs), then restore.
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** `target`'s URL with the proxy's host and port in its place. */
  url: string;
  cut(): void;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function tcpProxy(targetUrl: string, defaultPort: number): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  let mode: 'open' | 'cut' | 'stall' = 'open';
  const sockets = new Set<Socket>();
  const stalled = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'cut') return void client.destroy();
    if (mode === 'stall') return void stalled.add(client);
    const upstream = connect({ host: target.hostname, port: Number(target.port || defaultPort) });
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(targetUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
    stalled.clear();
  };
  return {
    url: proxied.toString(),
    cut() {
      mode = 'cut';
      dropAll();
    },
    stall() {
      mode = 'stall';
      // Bytes already in flight still arrive; nothing more is forwarded either way.
      for (const socket of sockets) socket.pause();
    },
    restore() {
      // Stalled connections are dropped: the client notices and opens new ones.
      if (mode === 'stall') dropAll();
      mode = 'open';
    },
    close: () =>
      new Promise((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
