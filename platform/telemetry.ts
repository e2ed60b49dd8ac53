// Preloaded by every process (`--import ./platform/telemetry.ts`, see package.json) so
// that tracing starts before the modules it instruments are loaded. Does nothing unless
// the OTEL_* variables ask for traces (platform/tracing.ts).
import { startTracing, tracingRequested } from './tracing.js';

if (tracingRequested()) await startTracing();
