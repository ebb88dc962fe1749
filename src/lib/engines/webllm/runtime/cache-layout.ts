// Where web-llm keeps what it downloads when appConfig.cacheBackend is "indexeddb" (0.2.79 and 0.2.86 alike): three
// databases of version 1, each with one store `urls` keyed by `url`, holding `{url, data}` records whose key is the
// file's absolute URL. Pure: which database a file goes to and the form web-llm reads it in.
//
// The forms come from the readers (ArtifactIndexedDBCache.fetchWithCache hands back `data` as stored, whatever
// type the caller asked for): tensor manifests are read as "json" by both versions, shards and tokenizer files as
// "arraybuffer". The chat config differs: 0.2.79 reads it as "json" (an object), 0.2.86 as "arraybuffer" and
// decodes it itself, so a parsed object there fails inside TextDecoder, and bytes in 0.2.79 give an empty config.

export const MODEL_DB = 'webllm/model';
export const CONFIG_DB = 'webllm/config';
export const WASM_DB = 'webllm/wasm';
export const CACHE_STORE = 'urls';
export const CACHE_DB_VERSION = 1;
export const WEBLLM_DATABASES = [MODEL_DB, CONFIG_DB, WASM_DB] as const;
export type WebLlmDatabase = (typeof WEBLLM_DATABASES)[number];

/** The record web-llm stores (keyPath `url`). */
export interface CacheRecord {
	url: string;
	data: unknown;
}

export const CHAT_CONFIG_FILE = 'mlc-chat-config.json';
/** 0.2.79 reads `ndarray-cache.json`, 0.2.80 and later `tensor-cache.json`. */
export const TENSOR_MANIFESTS = ['tensor-cache.json', 'ndarray-cache.json'] as const;

/** The web-llm versions whose cache forms are known; the app ships 0.2.86, the real-runtime checks run 0.2.79. */
export type WebLlmVersion = '0.2.79' | '0.2.86';
export const APP_WEBLLM: WebLlmVersion = '0.2.86';

export type FileData = ArrayBuffer | ArrayBufferView | object;

/** The database a model-folder file belongs in. */
export function databaseFor(name: string): typeof MODEL_DB | typeof CONFIG_DB {
	return name === CHAT_CONFIG_FILE ? CONFIG_DB : MODEL_DB;
}

function isBytes(d: unknown): d is ArrayBuffer | ArrayBufferView {
	return d instanceof ArrayBuffer || ArrayBuffer.isView(d);
}

function toArrayBuffer(d: ArrayBuffer | ArrayBufferView): ArrayBuffer {
	if (d instanceof ArrayBuffer) return d;
	return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice().buffer;
}

function asObject(name: string, d: FileData): object {
	if (!isBytes(d)) return d;
	let v: unknown;
	try {
		v = JSON.parse(new TextDecoder().decode(d));
	} catch (e) {
		throw new Error(`${name} is not JSON (${e instanceof Error ? e.message : String(e)}): web-llm could not read it`);
	}
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${name} must hold a JSON object`);
	return v;
}

function asBytes(d: FileData): ArrayBuffer {
	return isBytes(d) ? toArrayBuffer(d) : new TextEncoder().encode(JSON.stringify(d)).buffer;
}

/** The record `data` web-llm `version` reads for file `name` of a model folder. */
export function recordDataFor(name: string, data: FileData, version: WebLlmVersion): ArrayBuffer | object {
	if (name === CHAT_CONFIG_FILE) return version === '0.2.79' ? asObject(name, data) : asBytes(data);
	if ((TENSOR_MANIFESTS as readonly string[]).includes(name)) return asObject(name, data);
	return asBytes(data);
}

/** A file's absolute URL inside a folder URL (the cache key web-llm looks up). */
export function fileUrl(baseUrl: string, name: string): string {
	if (!baseUrl.endsWith('/')) throw new Error(`the model folder URL must end with "/": ${baseUrl}`);
	if (!name || name.startsWith('/') || name.split('/').some((seg) => seg === '..' || seg === '.')) throw new Error(`not a file name inside the model folder: "${name}"`);
	return new URL(name, baseUrl).href;
}

/** The folder a cached file belongs to: up to "/resolve/<rev>/" when present, else its directory. */
export function modelUrlOf(url: string): string {
	const m = url.match(/^(.*?\/resolve\/[^/]+\/)/);
	if (m) return m[1];
	return url.slice(0, url.lastIndexOf('/') + 1);
}

/** Stored size of a record's data: ArrayBuffers (shards) by length, JSON (configs) by its serialized size. */
export function sizeOf(data: unknown): number {
	if (data instanceof ArrayBuffer) return data.byteLength;
	if (ArrayBuffer.isView(data)) return data.byteLength;
	if (data === undefined || data === null) return 0;
	return new TextEncoder().encode(typeof data === 'string' ? data : JSON.stringify(data)).byteLength;
}
