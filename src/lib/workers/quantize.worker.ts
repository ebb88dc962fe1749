// A CPU quantize worker (see $lib/convert/quantize/pool.ts and full-worker.ts).
import { serveFullQuantizeWorker } from '$lib/convert/quantize/full-worker';
import type { QuantizeWorkerScope } from '$lib/convert/quantize/worker-server';

serveFullQuantizeWorker(self as unknown as QuantizeWorkerScope);
