// The load generator: autocannon in a process of its own, so that it never competes
// with the measured gateway's event loop. Every answer is checked against the hash of
// the answer the harness expects for that request.
import autocannon from 'autocannon';
import { answerHash } from '../answers.js';
import type { LoadJob, LoadResult, Reply, Request } from './protocol.js';

function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  let wrongAnswers = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationSeconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...job.headers },
        requests: [
          {
            setupRequest(request, context: { current?: number }) {
              const current = next % job.exchanges.length;
              next += 1;
              context.current = current;
              const exchange = job.exchanges[current]!;
              // Each simulated user's own token (and purpose) where the exchange has them.
              return exchange.headers
                ? { ...request, headers: { ...request.headers, ...exchange.headers }, body: exchange.body }
                : { ...request, body: exchange.body };
            },
            onResponse(status, body, context: { current?: number }) {
              if (status < 300 && answerHash(body) !== job.exchanges[context.current ?? 0]!.answerHash) wrongAnswers += 1;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          wrongAnswers,
          bytesPerSecond: result.throughput.average,
        });
      },
    );
  });
}

// A child never outlives the harness that started it.
process.on('disconnect', () => process.exit(0));
const reply = (message: Reply) => process.send!(message);
process.on('message', (message: Request) => {
  if (message.type !== 'load') return;
  run(message.job).then(
    (result) => reply({ type: 'loaded', result }),
    (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
reply({ type: 'ready' });
