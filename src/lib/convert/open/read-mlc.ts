// An MLC weight folder: mlc-chat-config.json, tensor-cache.json (ndarray-cache.json before web-llm 0.2.80), and its
// tokenizer.json. Shard sizes from a listing are checked against the cache's; nothing else is read.
import { parseMlcChatConfig, parseMlcTensorCache } from '../formats/mlc-folder';
import { ConvertError, type SourceModel } from '../types';
import { has, readText, type OpenContext } from './context';
import { readVocab } from './tokenizer';

export async function readMlcSource(ctx: OpenContext): Promise<SourceModel> {
	const { config, quantization } = parseMlcChatConfig(await readText(ctx, 'mlc-chat-config.json'));
	const cacheName = (await has(ctx, 'tensor-cache.json')) ? 'tensor-cache.json' : (await has(ctx, 'ndarray-cache.json')) ? 'ndarray-cache.json' : null;
	if (!cacheName) throw new ConvertError('not-found', `neither tensor-cache.json nor ndarray-cache.json is in ${ctx.source.label}: is this a whole MLC weight folder?`);
	const { files, tensors } = parseMlcTensorCache(await readText(ctx, cacheName), cacheName);
	for (const f of files) {
		const listed = ctx.listing?.find((l) => l.name === f.name);
		if (ctx.listing && !listed) throw new ConvertError('not-found', `${f.name}: listed in ${cacheName} but not in ${ctx.source.label}`, f.name);
		if (listed?.size != null && listed.size !== f.size)
			throw new ConvertError('truncated', `${f.name}: ${listed.size} bytes, but ${cacheName} says ${f.size}: download the folder again`, f.name);
		f.expectedSha256 = listed?.expectedSha256 ?? null;
	}
	return { format: 'mlc', files, tensors, config, ...(await readVocab(ctx)), quantization };
}
