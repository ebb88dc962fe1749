import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_STORE, CONFIG_DB, MODEL_DB, WASM_DB, deleteCachedModel, listCachedLibraries, listCachedModels } from '$lib/engines/webllm/model-cache';
import { resolvedModelUrl } from '$lib/engines/webllm/models';

// Fill IndexedDB the way web-llm's ArtifactIndexedDBCache does: version 1, store CACHE_STORE, keyPath "url", {url, data}.
function openWebLlmDb(name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(CACHE_STORE, { keyPath: 'url' });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}
async function put(name: string, rows: { url: string; data: unknown }[]) {
	const db = await openWebLlmDb(name);
	await new Promise<void>((resolve, reject) => {
		const tx = db.transaction(CACHE_STORE, 'readwrite');
		for (const r of rows) tx.objectStore(CACHE_STORE).add(r);
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
	db.close();
}
function drop(name: string) {
	return new Promise<void>((resolve) => {
		const r = indexedDB.deleteDatabase(name);
		r.onsuccess = r.onerror = r.onblocked = () => resolve();
	});
}
const names = async () => (await indexedDB.databases()).map((d) => d.name);

async function dropAll() {
	for (const n of [MODEL_DB, CONFIG_DB, WASM_DB]) await drop(n);
}
// Other tests in this origin (the real worker test) may have let web-llm create its databases.
beforeEach(dropAll);
afterEach(dropAll);

describe('model cache manager over web-llm IndexedDB layout', () => {
	it('lists nothing and creates no database when web-llm never cached anything', async () => {
		expect(await listCachedModels()).toEqual([]);
		expect(await names()).not.toContain(MODEL_DB);
	});

	it('groups files by model URL, sums byte lengths, and deletes one model only', async () => {
		const film = resolvedModelUrl('http://localhost:8000/FILM-7B-q4f32_1');
		const mistral = resolvedModelUrl('https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.3-q4f16_1-MLC');
		await put(MODEL_DB, [
			{ url: film + 'params_shard_0.bin', data: new ArrayBuffer(3000) },
			{ url: film + 'params_shard_1.bin', data: new ArrayBuffer(2000) },
			{ url: film + 'tensor-cache.json', data: { records: [] } },
			{ url: mistral + 'params_shard_0.bin', data: new ArrayBuffer(7000) }
		]);
		await put(CONFIG_DB, [{ url: film + 'mlc-chat-config.json', data: { vocab_size: 32000 } }]);
		await put(WASM_DB, [{ url: 'https://x.test/Mistral-q4f32_1.wasm', data: new ArrayBuffer(500) }]);

		const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o)).byteLength;
		const list = await listCachedModels();
		expect(list).toEqual([
			{ modelUrl: mistral, bytes: 7000, files: 1 },
			{ modelUrl: film, bytes: 5000 + json({ records: [] }) + json({ vocab_size: 32000 }), files: 4 }
		]);
		expect(await listCachedLibraries()).toEqual([{ url: 'https://x.test/Mistral-q4f32_1.wasm', bytes: 500 }]);

		expect(await deleteCachedModel(film)).toBe(4);
		expect(await listCachedModels()).toEqual([{ modelUrl: mistral, bytes: 7000, files: 1 }]);
	});
});

describe('the model manager on the Models page', () => {
	it('lists a cached model with its true size and deletes it on request', async () => {
		const { mount, unmount, flushSync } = await import('svelte');
		const { default: CachedModels } = await import('$lib/components/models/CachedModels.svelte');
		const base = 'http://127.0.0.1:9/manager-test/resolve/main/';
		await put(MODEL_DB, [
			{ url: base + 'params_shard_0.bin', data: new ArrayBuffer(3 * 2 ** 20) },
			{ url: base + 'tensor-cache.json', data: '{"records":[]}' }
		]);
		const target = document.createElement('div');
		document.body.appendChild(target);
		const c = mount(CachedModels, { target, props: {} });
		try {
			await expect.poll(() => target.querySelector('tbody tr')?.textContent ?? '').toContain('manager-test');
			const row = target.querySelector('tbody tr')!;
			const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
			expect(cells.slice(1, 3)).toEqual(['2', '3.0 MiB']);
			(row.querySelector('button') as HTMLButtonElement).click();
			flushSync();
			await expect.poll(() => target.textContent ?? '').toContain('No model weights are stored in this browser.');
			expect((await listCachedModels()).length).toBe(0);
		} finally {
			unmount(c);
			target.remove();
			await drop(MODEL_DB);
		}
	});
});
