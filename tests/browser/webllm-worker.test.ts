import { describe, expect, it } from 'vitest';
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { filmModel } from '$lib/engines/webllm/models';

const PREFIX = '[INST] Below is a context.\n\n### Context:\nred green blue';
const ask = (q: string) => ({ prompt: `${PREFIX}\n\n### Instruction:\n${q} [/INST]`, prefix: PREFIX, maxTokens: 8 });

function fakeWorker(brokenChunk: boolean) {
	const url = new URL('../fakes/web-llm/fake.worker.ts', import.meta.url);
	if (brokenChunk) url.searchParams.set('brokenChunk', '1');
	return new Worker(url, { type: 'module' });
}

describe('WebLLM engine through a real module Worker (fake web-llm inside)', () => {
	it('loads with progress, self-checks, and answers with reuse exactly as with full prefill', async () => {
		const spec = filmModel('q4f32_1', 'http://localhost:1/FILM');
		const w1 = fakeWorker(false);
		const w2 = fakeWorker(true);
		try {
			const reuse = createWebLlmEngine(w1, { storage: null });
			const broken = createWebLlmEngine(w2, { storage: null });
			const phases: string[] = [];
			const l1 = await reuse.load(spec, { contextWindow: 1024, onProgress: (p) => phases.push(p.phase) });
			const l2 = await broken.load(spec, { contextWindow: 1024 });
			expect(phases).toContain('fetch');
			expect(l1.reusePath).toBe('chunk');
			expect(l2.reusePath).toBe('decode-steps');
			await broken.setReuse('off');
			for (const q of ['first?', 'last?']) {
				const [a, b] = [await reuse.generate(ask(q)), await broken.generate(ask(q))];
				expect(a.path).toBe('prefix-reuse:chunk');
				expect(b.path).toBe('full-prefill');
				expect(a.text).toBe(b.text);
			}
			await reuse.setReuse('off');
			await broken.setReuse('auto');
			const [c, d] = [await reuse.generate(ask('middle?')), await broken.generate(ask('middle?'))];
			expect(d.path).toBe('prefix-reuse:decode-steps');
			expect(d.text).toBe(c.text);
		} finally {
			w1.terminate();
			w2.terminate();
		}
	});
});
