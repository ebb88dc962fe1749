// A CPU quantize worker (see $lib/convert/quantize/pool.ts). GGUF block rows need the GGUF reader's row decoder:
// pass it as { decodeBlockRow } once that reader is part of the app; F32 / F16 / BF16 sources need nothing more.
import { serveQuantizeWorker, type QuantizeWorkerScope } from '$lib/convert/quantize/worker-server';

serveQuantizeWorker(self as unknown as QuantizeWorkerScope);
