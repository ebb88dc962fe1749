// The page side of the real-runtime contract run: web-llm 0.2.79's real MLCEngine on this page's WebGPU (the
// software adapter here), the generated model's files fetched once from the local host and put into IndexedDB under
// a URL that never resolves, then the same contract cases as in `npm test`. Returns plain data; Node judges.
import * as webllm from 'web-llm-0279';
import type { WebLlmModule } from '$lib/engines/webllm/module';
import { runContract } from '../run';
import type { CaseResult, ContractSubject } from '../subject';

export interface RealContractInput {
	id: string;
	/** Where the host serves the folder (…/resolve/main/) and the library: read once, before the cases. */
	hostFolderUrl: string;
	hostLibUrl: string;
	files: string[];
	/** Where the cases put the folder and the library: .invalid never resolves, so nothing can be fetched from it. */
	baseUrl: string;
	libUrl: string;
	sample: { text: string; ids: number[] };
	prefix: number[];
	next: number;
	vocabSize: number;
	contextWindow: number;
	maxBatchSize: number;
}

export interface RealContractOutput {
	adapter: string;
	fetchMs: number;
	results: CaseResult[];
	error?: string;
}

const note = (m: string) => console.warn(`[contract-page ${(performance.now() / 1000).toFixed(0)} s] ${m}`);

async function bytes(url: string): Promise<ArrayBuffer> {
	const r = await fetch(url);
	if (!r.ok) throw new Error(`${url} answered HTTP ${r.status}`);
	return r.arrayBuffer();
}

async function contract(i: RealContractInput): Promise<RealContractOutput> {
	const out: RealContractOutput = { adapter: '', fetchMs: 0, results: [] };
	try {
		const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
		const a = await gpu.requestAdapter();
		out.adapter = a ? `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`.trim() : 'none';
		const t = performance.now();
		// Every file as bytes, JSON ones included: putModelFiles stores each in the form web-llm reads.
		const files = await Promise.all(i.files.map(async (name) => ({ name, data: await bytes(i.hostFolderUrl + name) })));
		const library = { url: i.libUrl, bytes: await bytes(i.hostLibUrl) };
		out.fetchMs = performance.now() - t;
		note(`read ${files.length} files and the library from the host`);
		const subject: ContractSubject = {
			label: 'web-llm 0.2.79 (real runtime)',
			webllm: webllm as unknown as WebLlmModule,
			version: '0.2.79',
			idb: indexedDB,
			folder: { baseUrl: i.baseUrl, record: { model: i.baseUrl, model_id: i.id, model_lib: i.libUrl }, files, library },
			sample: i.sample,
			prefix: i.prefix,
			next: i.next,
			vocabSize: i.vocabSize,
			contextWindow: i.contextWindow,
			maxBatchSize: i.maxBatchSize
		};
		out.results = await runContract(subject, { onCase: (r) => note(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)${r.failure ? `: ${r.failure}` : ''}`) });
	} catch (e) {
		out.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	}
	return out;
}

(window as unknown as { harness: unknown }).harness = { contract };
document.title = 'ready';
