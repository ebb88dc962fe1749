// The browser's end of a conversion: the converted folder written straight into web-llm's IndexedDB cache, through
// the web-llm boundary (the only code that knows its layout). JSON files go in parsed, as web-llm reads them.
import { missingModelFiles, putModelFiles, type WebLlmVersion } from '$lib/engines/webllm/runtime';
import type { ModelSink } from '../run/convert';

export function idbSink(baseUrl: string, webllm: WebLlmVersion, idb: IDBFactory = indexedDB): ModelSink {
	return {
		async put(name, data) {
			const value =
				typeof data === 'string'
					? name.endsWith('.json') && name !== 'tokenizer.json'
						? (JSON.parse(data) as object)
						: (new TextEncoder().encode(data).buffer as ArrayBuffer)
					: ((data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer) as ArrayBuffer);
			await putModelFiles(baseUrl, [{ name, data: value }], idb, { webllm });
		},
		missing: (names) => missingModelFiles(baseUrl, names, idb)
	};
}
