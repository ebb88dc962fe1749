// The converter's shared vocabulary: public weights (Hugging Face safetensors, GGUF, an MLC q4f16_1 folder) in,
// web-llm's q4f16_1 / q4f32_1 layout out. Types only: no logic lives here. docs/convert.md says how the parts fit.

/** Element or block encodings a source tensor may be stored in. */
export type SourceDType = 'F32' | 'F16' | 'BF16' | 'Q8_0' | 'Q4_0' | 'Q4_K' | 'Q5_K' | 'Q6_K' | 'U32';

/** What web-llm's libraries take. */
export type Target = 'q4f16_1' | 'q4f32_1';

export type SourceFormat = 'safetensors' | 'gguf' | 'mlc';

/** One file of a source, as listed before anything large is read. */
export interface SourceFile {
	/** Path inside the source (e.g. "model-00001-of-00006.safetensors"). */
	name: string;
	/** Bytes; null until known (a server that gave no length yet). */
	size: number | null;
	/** SHA-256 the publisher states (Hugging Face LFS metadata), when known: checked against ours. */
	expectedSha256?: string | null;
}

/** One tensor as the source stores it. */
export interface SourceTensor {
	/** The source's own name: "model.layers.0.self_attn.q_proj.weight", "blk.0.attn_q.weight", …. */
	name: string;
	dtype: SourceDType;
	/**
	 * Row-major, outermost first (PyTorch order): [rows, cols] for a linear weight [out, in]. GGUF lists dims
	 * innermost first; its parser reverses them into this order.
	 */
	shape: number[];
	/** Index into the source's `files`. */
	file: number;
	/** Absolute byte offset of the tensor's data in that file. */
	offset: number;
	nbytes: number;
}

/** The hyper-parameters that decide whether a source fits a model library. */
export interface ArchConfig {
	/** "mistral" (Mistral, Llama-shaped) or "qwen2": the mapping family. */
	family: 'mistral' | 'qwen2';
	/** Where it was read: "MistralForCausalLM" (config.json) or "llama" (GGUF general.architecture). */
	declared: string;
	hiddenSize: number;
	intermediateSize: number;
	numLayers: number;
	numHeads: number;
	numKvHeads: number;
	headDim: number;
	vocabSize: number;
	ropeTheta: number | null;
	rmsNormEps: number | null;
	maxPositionEmbeddings: number | null;
	/** null or -1 when there is none. */
	slidingWindow: number | null;
	tieWordEmbeddings: boolean;
}

/** Everything read from a source before any tensor data: enough to refuse it, or to plan the whole conversion. */
export interface SourceModel {
	format: SourceFormat;
	files: SourceFile[];
	tensors: SourceTensor[];
	config: ArchConfig;
	/** Token strings by id, when the source carries a vocabulary (GGUF, tokenizer.json, tokenizer.model). */
	vocab: string[] | null;
	/** A source tokenizer.json to copy when the target keeps the source's own tokenizer (e.g. Qwen2), else null. */
	tokenizerJson: string | null;
	/** An MLC folder's own quantization ("q4f16_1"); absent or null for float and GGUF sources. */
	quantization?: string | null;
	/** Where the source came from, for the model record's provenance (set by openSource). */
	origin?: SourceOrigin;
}

/** What the user named, what it resolved to, and the small files read whole to describe it. */
export interface SourceOrigin {
	kind: 'hf' | 'url' | 'files';
	/** The repo id, the URL, or the local files' label. */
	location: string;
	/** The revision asked for (Hub only: a branch, tag or commit), and the commit it was pinned to. */
	revision: string | null;
	commit: string | null;
	/** config.json, the index, the tokenizer, MLC's JSON files: each with its size and our SHA-256 of it. */
	metadataFiles: { name: string; size: number; sha256: string }[];
}

/** Running totals of how far quantized (or cast) values are from the source, per tensor. */
export interface ErrorStats {
	/** Elements compared. */
	count: number;
	/** Σ source² (f64). */
	sumSq: number;
	/** Σ (source − reconstructed)² (f64). */
	sumErrSq: number;
	maxAbsErr: number;
}

/** What the model manager shows and every run's provenance carries, per source tensor. */
export interface TensorFidelity {
	/** The source tensor's name. */
	name: string;
	/** The MLC tensor it went into. */
	target: string;
	/** sqrt(Σ err² / Σ src²); 0 for an all-zero tensor reproduced exactly. */
	relRms: number;
	maxAbsErr: number;
}

/** Errors a user can act on. Every message names the file and what to do. */
export type ConvertErrorKind =
	| 'not-found' // 404 or a missing file
	| 'auth' // 401/403: a gated repository or a wrong token
	| 'cors' // the host refused this origin
	| 'network' // a drop mid-file; resumable
	| 'truncated' // fewer bytes than the header or listing promised
	| 'format' // not a safetensors/GGUF/MLC file, or a malformed header
	| 'dtype' // a dtype or block type this converter does not read
	| 'mismatch' // architecture, shape or vocabulary differs from the library
	| 'missing-tensor'
	| 'checksum' // our SHA-256 differs from the publisher's
	| 'quota' // storage full
	| 'aborted'
	| 'device-lost' // the GPU went away mid-conversion: the rest can run on CPU workers
	| 'unsupported';

export class ConvertError extends Error {
	constructor(
		readonly kind: ConvertErrorKind,
		message: string,
		/** The source file concerned, when there is one. */
		readonly file?: string
	) {
		super(message);
		this.name = 'ConvertError';
	}
	/** A resume may get past it (the same conversion continues where it was). */
	get resumable(): boolean {
		return (
			this.kind === 'network' ||
			this.kind === 'quota' ||
			this.kind === 'aborted' ||
			this.kind === 'truncated' ||
			this.kind === 'device-lost'
		);
	}
}
