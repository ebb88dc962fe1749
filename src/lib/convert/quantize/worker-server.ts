// The quantize worker's loop: a job in, checked; runJob; the reply out with its buffers transferred.
import { parseJob } from './protocol';
import { runJob, type RowDecoder } from './run-job';

export interface QuantizeWorkerScope {
	addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
	postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}

export interface ServeOptions {
	/** Decodes GGUF block rows; without it only F32 / F16 / BF16 sources can be quantized here. */
	decodeBlockRow?: RowDecoder;
}

export function serveQuantizeWorker(scope: QuantizeWorkerScope, opts: ServeOptions = {}): void {
	scope.addEventListener('message', (ev) => {
		let job;
		try {
			job = parseJob(ev.data);
		} catch (e) {
			const id = (ev.data as { id?: unknown } | null)?.id;
			scope.postMessage({ id: Number.isSafeInteger(id) ? id : 0, ok: false, kind: null, message: `bad quantize job: ${(e as Error).message}` }, []);
			return;
		}
		const { reply, transfer } = runJob(job, opts.decodeBlockRow ?? null);
		scope.postMessage(reply, transfer);
	});
}
