// A CPU quantize worker (see $lib/convert/quantize/pool.ts). GGUF block rows (Q8_0, Q4_0, Q4_K, Q5_K, Q6_K) go
// through the GGUF reader's row decoder; F32 / F16 / BF16 sources need nothing more.
import { decodeRow } from '$lib/convert/formats/gguf-blocks';
import { serveQuantizeWorker, type QuantizeWorkerScope } from '$lib/convert/quantize/worker-server';

serveQuantizeWorker(self as unknown as QuantizeWorkerScope, { decodeBlockRow: decodeRow });
