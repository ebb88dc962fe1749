// Everything a conversion decides before it reads a byte of tensor data: the source's headers, the library's
// parameter list, the architecture check, the plan, the small files (the vocabulary check among them). A source
// that does not fit is refused here, with every difference named, before any large download.
import { parseLibraryMeta, type LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { mlcTextFiles, type MlcTextFile } from '../mlc-files';
import { planConversion, type ConversionPlan } from '../model/plan';
import { openSource, type OpenOptions, type SourceSpec } from '../open';
import type { ByteSource } from '../sources/byte-source';
import type { SourceModel, Target } from '../types';
import type { ConversionRequest } from './state';

/** Converted folders live in web-llm's cache under this host, which never resolves: nothing is ever fetched there. */
export const CONVERTED_HOST = 'https://converted.invalid/';

export function convertedBaseUrl(modelId: string): string {
	return `${CONVERTED_HOST}${encodeURIComponent(modelId)}/resolve/main/`;
}

export interface Library {
	url: string;
	bytes: Uint8Array;
	sha256: string;
}

export interface Prepared {
	request: ConversionRequest;
	library: Library;
	model: SourceModel;
	source: ByteSource;
	meta: LibraryMeta;
	plan: ConversionPlan;
	files: Record<MlcTextFile, string>;
	baseUrl: string;
}

export interface PrepareInput {
	spec: SourceSpec;
	open?: OpenOptions;
	/** The model library, or how to get it once the source's family is known (the CLI's default library). */
	library: Library | ((model: SourceModel) => Promise<Library>);
	target: Target;
	modelId: string;
	label: string;
	/** Only in tests: a shard size other than MLC's 32 MB. */
	shardBytes?: number;
}

/** How the request remembers its source: picked files by name and size (they must be picked again to resume). */
function storedSource(spec: SourceSpec, o: OpenOptions | undefined, model: SourceModel): ConversionRequest['source'] {
	if (spec.kind === 'hf') return { kind: 'hf', repo: spec.repo, revision: spec.revision ?? null, file: spec.file ?? null, endpoint: o?.endpoint ?? null, gated: !!o?.token };
	if (spec.kind === 'url') return { kind: 'url', url: spec.url };
	return { kind: 'files', names: model.files.map((f) => f.name), sizes: model.files.map((f) => f.size ?? 0) };
}

export async function prepareConversion(p: PrepareInput): Promise<Prepared> {
	const { model, source } = await openSource(p.spec, p.open);
	const library = typeof p.library === 'function' ? await p.library(model) : p.library;
	const meta = parseLibraryMeta(library.bytes);
	const plan = await planConversion(model, meta, p.target, { shardBytes: p.shardBytes });
	const files = await mlcTextFiles(plan, meta, model);
	const origin = model.origin;
	const sourceLabel = origin ? `${origin.location}${origin.commit ? `@${origin.commit.slice(0, 7)}` : ''}` : source.label;
	return {
		request: {
			modelId: p.modelId,
			label: p.label,
			target: p.target,
			sourceLabel,
			source: storedSource(p.spec, p.open, model),
			library: { url: library.url, sha256: library.sha256 }
		},
		library,
		model,
		source,
		meta,
		plan,
		files,
		baseUrl: convertedBaseUrl(p.modelId)
	};
}
