// The page's side of a conversion: a worker that inspects the source first (so the page can show sizes, storage and
// what differs before anything large is read), then converts on request, with progress, cancel and the result.
import { requestPersistentStorage } from '$lib/util/storage-estimate';
import { validateConvertedModel, type ConvertedModel } from '../record';
import type { ConvertProgress } from '../run/progress';
import { ConvertError, type ConvertErrorKind } from '../types';
import { parseFromWorker, type ConvertJob, type FromWorker, type JobSummary, type ToWorker } from './protocol';

export interface WorkerPort {
	postMessage(m: ToWorker): void;
	addEventListener(t: 'message', fn: (ev: { data: unknown }) => void): void;
	removeEventListener(t: 'message', fn: (ev: { data: unknown }) => void): void;
	terminate(): void;
}

export function startConvertWorker(): WorkerPort {
	return new Worker(new URL('../../workers/convert.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerPort;
}

export interface Conversion {
	readonly summary: JobSummary;
	/** Converts; resolves with the completion record. Asks the browser to keep the data first. */
	start(onProgress?: (p: ConvertProgress) => void): Promise<ConvertedModel>;
	cancel(): void;
	close(): void;
}

function errorOf(m: Extract<FromWorker, { type: 'error' }>): ConvertError {
	const kind: ConvertErrorKind = m.error.kind === 'internal' ? 'format' : m.error.kind;
	return new ConvertError(kind, m.error.message, m.error.file ?? undefined);
}

/** Waits for one of `types` (or an error) from the worker, passing progress on. */
function next<T extends FromWorker['type']>(w: WorkerPort, types: T[], onProgress?: (p: ConvertProgress) => void): Promise<Extract<FromWorker, { type: T }>> {
	return new Promise((resolve, reject) => {
		const fn = (ev: { data: unknown }) => {
			const m = parseFromWorker(ev.data);
			if (!m) return;
			if (m.type === 'progress') return onProgress?.(m.progress);
			w.removeEventListener('message', fn);
			if (m.type === 'error') reject(errorOf(m));
			else if ((types as string[]).includes(m.type)) resolve(m as Extract<FromWorker, { type: T }>);
			else reject(new Error(`the conversion worker answered ${m.type}`));
		};
		w.addEventListener('message', fn);
	});
}

export async function inspectConversion(job: ConvertJob, worker: WorkerPort = startConvertWorker()): Promise<Conversion> {
	const answer = next(worker, ['inspected']);
	worker.postMessage({ type: 'inspect', job });
	let summary: JobSummary;
	try {
		summary = (await answer).summary;
	} catch (e) {
		worker.terminate();
		throw e;
	}
	return {
		summary,
		async start(onProgress) {
			await requestPersistentStorage();
			const done = next(worker, ['done'], onProgress);
			worker.postMessage({ type: 'start' });
			const { record } = await done;
			const v = validateConvertedModel(record);
			if (!v.ok) throw new ConvertError('format', `the conversion finished with an unreadable record: ${v.error}`);
			return v.model;
		},
		cancel: () => worker.postMessage({ type: 'cancel' }),
		close: () => worker.terminate()
	};
}
