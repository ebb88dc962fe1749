import { describe, expect, it } from 'vitest';
import type * as Web0286 from '@mlc-ai/web-llm';
import type * as Web0279 from 'web-llm-0279';
import type { WebLlmModule } from '$lib/engines/webllm/module';
import { appConfigFor } from '$lib/engines/webllm/module';

// Compile-time proof that both pinned versions fit the seam (vitest runs type-stripped, `npm run check` checks it).
type Fits<T extends WebLlmModule> = T;
export type Check0286 = Fits<typeof Web0286>;
export type Check0279 = Fits<typeof Web0279>;

describe('web-llm module seam', () => {
	it('spells the IndexedDB cache for both versions', () => {
		const cfg = appConfigFor({ model: 'https://x/m/', model_id: 'm', model_lib: 'https://x/m.wasm' });
		expect(cfg).toEqual({
			model_list: [{ model: 'https://x/m/', model_id: 'm', model_lib: 'https://x/m.wasm' }],
			cacheBackend: 'indexeddb',
			useIndexedDBCache: true
		});
	});
});
