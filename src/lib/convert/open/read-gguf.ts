// One GGUF file: a growing prefix until the header parses (first `prefixBytes`, then at least doubling), never the
// tensor data beyond the last read's overshoot.
import { parseGgufPrefix } from '../formats/gguf';
import { ggufArchConfig, ggufVocab } from '../formats/gguf-arch';
import type { SourceModel } from '../types';
import { dataFile, type OpenContext } from './context';

/** The first read: a 7B model's header with its 32K vocabulary is under 1 MB; Qwen2's with merges, a few MB. */
export const GGUF_FIRST_READ = 2 << 20;

export async function readGgufSource(ctx: OpenContext, name: string, prefixBytes = GGUF_FIRST_READ): Promise<SourceModel> {
	const file = await dataFile(ctx, name);
	const size = file.size!;
	let prefix = await ctx.source.read(name, 0, Math.min(size, prefixBytes), ctx.signal);
	for (;;) {
		const r = parseGgufPrefix(prefix, { name, index: 0, size });
		if (r.done) {
			const h = r.header;
			return { format: 'gguf', files: [file], tensors: h.tensors, config: ggufArchConfig(h, name), vocab: ggufVocab(h, name), tokenizerJson: null, quantization: null };
		}
		const want = Math.min(size, Math.max(r.needBytes, 2 * prefix.length));
		const more = await ctx.source.read(name, prefix.length, want - prefix.length, ctx.signal);
		const grown = new Uint8Array(want);
		grown.set(prefix);
		grown.set(more, prefix.length);
		prefix = grown;
	}
}
