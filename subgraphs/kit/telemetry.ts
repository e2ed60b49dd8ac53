// Preloaded by every process (`--import ./subgraphs/kit/telemetry.ts`, see package.json) so
// that tracing starts before the modules it instruments are loaded. Does nothing unless
// the OTEL_* variables ask for traces (subgraphs/kit/tracing.ts).
import { startTracing, tracingRequested } from './tracing.js';

if (tracingRequested()) await startTracing();
