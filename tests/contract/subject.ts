// What a contract run is given: a web-llm (the real module or the fake), the IndexedDB it caches in, a model folder
// to put there, and tokens the model reads. The same cases run against every subject; only the subject differs.
import type { ModelRecordLike, WebLlmModule } from '../../src/lib/engines/webllm/module';
import type { ModelFile, WebLlmVersion } from '../../src/lib/engines/webllm/runtime';

export interface ContractSubject {
	label: string;
	webllm: WebLlmModule;
	/** The web-llm whose cache forms the folder is written in. */
	version: WebLlmVersion;
	idb: IDBFactory;
	/** A model folder under `baseUrl` (the record's `model`), and its library; nothing of it is reachable by fetch. */
	folder: { baseUrl: string; record: ModelRecordLike; files: ModelFile[]; library: { url: string; bytes: ArrayBuffer } };
	/** Text and the ids the model's tokenizer must give for it. */
	sample: { text: string; ids: number[] };
	/** A prompt to prefill (two tokens or more) and one token to decode after it. */
	prefix: number[];
	next: number;
	vocabSize: number;
	contextWindow: number;
	/** Also given the loaded model's library: its compiled batch limit. */
	maxBatchSize: number;
}

export type CaseNeeds = 'cache' | 'runtime';

export interface CaseResult {
	name: string;
	needs: CaseNeeds;
	ok: boolean;
	/** What failed, in words; absent when the case passed. */
	failure?: string;
	ms: number;
}
