// `probe convert`: public weights to an MLC folder, with the app's own converter (same plan, same bytes), for
// hosting or offline use. Running the same command again after an interruption resumes where it stopped.
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { parseFlags, required, UsageError } from '../args';
import { fsFilesSource, fsFolderSource } from '../convert/fs-source';
import { dirSink, dirStore, RECORD_FILE } from '../convert/dir-sink';
import { readLibrary } from '../../rig/library';
import { mistralLibrary } from '../../src/lib/engines/webllm/models';
import { prepareConversion, type Library } from '../../src/lib/convert/run/prepare';
import { runConversion } from '../../src/lib/convert/run/convert';
import { inlineBackend } from '../../src/lib/convert/run/backend';
import { inlineHasher } from '../../src/lib/convert/run/hasher';
import { decodeRow } from '../../src/lib/convert/formats/gguf-blocks';
import { fidelitySummary } from '../../src/lib/convert/record';
import { formatDuration } from '../../src/lib/convert/run/progress';
import type { SourceSpec } from '../../src/lib/convert/open';
import type { SourceModel, Target } from '../../src/lib/convert/types';

export const CONVERT_USAGE = `convert --from <HF folder | file.gguf | URL | owner/name> --quantization q4f32_1|q4f16_1 --out DIR
        [--lib <model library path or URL>] [--revision REV] [--token-env VAR] [--endpoint URL] [--id NAME]
    Converts Hugging Face safetensors (F32, BF16, F16), a GGUF file or an MLC q4f16_1 folder into web-llm's layout, the
    same bytes the app writes. --lib defaults to web-llm's Mistral-7B-Instruct library of that quantization. Run the
    same command again to resume an interrupted conversion; DIR/${RECORD_FILE} keeps the provenance.`;

const FLAGS = { from: 'string', quantization: 'string', out: 'string', lib: 'string', revision: 'string', 'token-env': 'string', endpoint: 'string', id: 'string' } as const;

async function sourceSpec(from: string, revision: string | undefined): Promise<SourceSpec> {
	if (/^https?:\/\//i.test(from)) {
		if (/^https?:\/\/huggingface\.co\//i.test(from)) return { kind: 'hf', repo: from, revision };
		return { kind: 'url', url: from };
	}
	const st = await stat(from).catch(() => null);
	if (st?.isDirectory()) return { kind: 'source', source: await fsFolderSource(from) };
	if (st?.isFile()) return { kind: 'source', source: fsFilesSource([from]), format: /\.gguf$/i.test(from) ? 'gguf' : undefined };
	if (/^[\w.-]+\/[\w.-]+$/.test(from)) return { kind: 'hf', repo: from, revision };
	throw new UsageError(`--from ${JSON.stringify(from)} is not a folder, a file, a URL or a Hugging Face repo id (owner/name)`);
}

async function library(location: string): Promise<Library> {
	const lib = await readLibrary(location);
	return { url: /^https?:/i.test(location) ? location : lib.location, bytes: lib.bytes, sha256: lib.sha256 };
}

export async function convertCommand(argv: string[], log: (s: string) => void): Promise<number> {
	const f = parseFlags(argv, FLAGS);
	const from = required<string>(f, 'from');
	const out = required<string>(f, 'out');
	const target = required<string>(f, 'quantization');
	if (target !== 'q4f32_1' && target !== 'q4f16_1') throw new UsageError('--quantization is q4f32_1 or q4f16_1');
	const tokenEnv = f['token-env'] as string | undefined;
	const token = tokenEnv ? process.env[tokenEnv] : undefined;
	if (tokenEnv && !token) throw new UsageError(`--token-env ${tokenEnv}: that environment variable is empty`);
	const spec = await sourceSpec(from, f.revision as string | undefined);
	const pickLibrary = async (model: SourceModel) => {
		const lib = (f.lib as string | undefined) ?? (model.config.family === 'mistral' ? mistralLibrary(target as Target) : null);
		if (!lib) throw new UsageError(`a ${model.config.family} source needs --lib (its model library)`);
		return library(lib);
	};
	const t0 = Date.now();
	log(`reading the headers of ${from}`);
	const prepared = await prepareConversion({
		spec, open: { token, endpoint: f.endpoint as string | undefined }, library: pickLibrary, target,
		modelId: (f.id as string | undefined) ?? `converted-${createHash('sha256').update(from).digest('hex').slice(0, 8)}-${target}`,
		label: `${from} (${target})`
	});
	const p = prepared.plan;
	log(`plan: ${p.tensors.length} tensors from ${p.files.length} files (${(p.totals.fileBytes ?? 0) / 1e9} GB) into ${p.shards.length} shards (${(p.totals.outputBytes / 1e9).toFixed(2)} GB)`);
	let last = 0;
	const record = await runConversion({
		...prepared,
		libraryBytes: prepared.library.bytes.byteLength,
		sink: dirSink(out),
		store: dirStore(out),
		backend: inlineBackend(decodeRow),
		hasher: inlineHasher,
		filesAtOnce: 1,
		onProgress: (pr) => {
			if (Date.now() - last < 2000 && pr.stage === 'converting') return;
			last = Date.now();
			const rate = pr.bytesPerS ? `${(pr.bytesPerS / 1e6).toFixed(0)} MB/s` : '…';
			const eta = pr.etaS !== null ? `, ${formatDuration(pr.etaS)} left` : '';
			log(`${pr.stage}: ${(pr.doneBytes / 1e9).toFixed(2)} / ${(pr.totalBytes / 1e9).toFixed(2)} GB, ${pr.shardsDone}/${pr.shardsTotal} shards, ${rate}${eta}`);
		}
	});
	const s = (Date.now() - t0) / 1000;
	const fid = fidelitySummary(record.fidelity);
	log(
		`wrote ${out}: ${record.output.files.length} files, ${(record.output.bytes / 1e9).toFixed(2)} GB, in ${formatDuration(s)} ` +
			`(${((p.totals.fileBytes ?? 0) / 1e6 / Math.max(s, 1e-3)).toFixed(0)} MB/s of source); worst relative RMS error ${fid.worstRelRms.toExponential(2)} (${fid.worst})`
	);
	return 0;
}
