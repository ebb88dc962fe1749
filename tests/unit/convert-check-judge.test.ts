// The real-runtime conversion check's verdicts: close logits pass, another model's and a flipped layout's fail.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareLogits, flipNibbles } from '../engine/convert/judge';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

const logits = (seed: number, n = 500) => {
	const r = createRng(seed, 'logits');
	return Array.from({ length: n }, () => r.normal(0, 0.6));
};

describe('compareLogits', () => {
	it('passes kernel-arithmetic noise and fails another context, another model or a swapped top token', () => {
		const ref = logits(1);
		const near = ref.map((v, i) => v + (i % 7) * 1e-5);
		expect(compareLogits(ref, near).pass).toBe(true);
		expect(compareLogits(ref, logits(2)).pass).toBe(false);
		// Two tokens a hair apart at the top: a tiny change that swaps them fails on the argmax alone.
		const m = Math.max(...ref);
		ref[1] = m + 0.02;
		ref[2] = m + 0.021;
		const swapped = [...ref];
		swapped[1] = ref[2] + 0.002;
		const c = compareLogits(ref, swapped);
		expect(c.relMax).toBeLessThan(0.05);
		expect(c.argmaxRef).toBe(2);
		expect(c.argmaxGot).toBe(1);
		expect(c.pass).toBe(false);
		expect(compareLogits(ref, ref.map(() => NaN)).pass).toBe(false);
	});
});

describe('flipNibbles', () => {
	it('reverses the eight nibbles of every uint32 record and leaves the other records alone', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'flip-'));
		try {
			const shard = new Uint8Array(12);
			const dv = new DataView(shard.buffer);
			dv.setUint32(0, 0x76543210, true);
			dv.setUint32(4, 0x0000000f, true);
			dv.setFloat32(8, 1.5, true);
			writeFileSync(join(dir, 'params_shard_0.bin'), shard);
			const records = [{ name: 'a.q_weight', dtype: 'uint32', byteOffset: 0, nbytes: 8 }, { name: 'n.weight', dtype: 'float32', byteOffset: 8, nbytes: 4 }];
			writeFileSync(join(dir, 'ndarray-cache.json'), JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin', records }] }));
			expect(await flipNibbles(dir)).toBe(2);
			const out = new DataView(new Uint8Array(readFileSync(join(dir, 'params_shard_0.bin'))).buffer);
			expect(out.getUint32(0, true)).toBe(0x01234567);
			expect(out.getUint32(4, true)).toBe(0xf0000000);
			expect(out.getFloat32(8, true)).toBe(1.5);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
