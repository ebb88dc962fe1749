// A Hugging Face safetensors folder: config.json, the index (or one model.safetensors), each shard's header (its 8
// bytes, then the header itself), the tokenizer. No tensor data is read.
import { hfConfigToArch } from '../formats/hf-config';
import { checkAgainstIndex, parseSafetensorsHeader, parseSafetensorsIndex, safetensorsHeaderLength } from '../formats/safetensors';
import { ConvertError, type SourceModel, type SourceTensor } from '../types';
import { dataFile, has, inParallel, readText, type OpenContext } from './context';
import { readVocab } from './tokenizer';

const INDEX = 'model.safetensors.index.json';

export async function readSafetensorsSource(ctx: OpenContext): Promise<SourceModel> {
	const config = hfConfigToArch(await readText(ctx, 'config.json'));
	const index = (await has(ctx, INDEX)) ? parseSafetensorsIndex(await readText(ctx, INDEX)) : null;
	if (!index && !(await has(ctx, 'model.safetensors')))
		throw new ConvertError('not-found', `neither ${INDEX} nor model.safetensors is in ${ctx.source.label}: is this a safetensors model folder?`);
	const names = index?.files ?? ['model.safetensors'];
	const files = await inParallel(names, 4, (name) => dataFile(ctx, name));
	const perFile = await inParallel(files, 4, async (f, i): Promise<SourceTensor[]> => {
		const file = { name: f.name, index: i, size: f.size! };
		const n = safetensorsHeaderLength(await ctx.source.read(f.name, 0, Math.min(8, f.size!), ctx.signal), file);
		return parseSafetensorsHeader(await ctx.source.read(f.name, 8, n, ctx.signal), file);
	});
	const tensors = perFile.flat();
	const seen = new Map<string, string>();
	for (const t of tensors) {
		const other = seen.get(t.name);
		if (other) throw new ConvertError('format', `tensor "${t.name}" is in both ${other} and ${names[t.file]}: the folder mixes two models`, names[t.file]);
		seen.set(t.name, names[t.file]);
	}
	if (index) checkAgainstIndex(index, tensors, names);
	return { format: 'safetensors', files, tensors, config, ...(await readVocab(ctx)), quantization: null };
}
