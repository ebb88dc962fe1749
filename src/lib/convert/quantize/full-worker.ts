// The quantize worker the app starts: every source dtype, GGUF block rows (Q8_0, Q4_0, Q4_K, Q5_K, Q6_K) through
// the GGUF reader's row decoder, F32 / F16 / BF16 as they are.
import { decodeRow } from '../formats/gguf-blocks';
import { serveQuantizeWorker, type QuantizeWorkerScope } from './worker-server';

export function serveFullQuantizeWorker(scope: QuantizeWorkerScope): void {
	serveQuantizeWorker(scope, { decodeBlockRow: decodeRow });
}
