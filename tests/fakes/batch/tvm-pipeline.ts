// A fake of the web-llm pipeline fields and tvmjs calls that batch/tvm-kv.ts uses, strict where the real runtime is
// strict: functions returning TVM objects need an open scope, objects not detached die with their scope, builtins
// want int64 scalars, every forward needs begin_forward over existing sequences with matching token counts, and each
// library function checks its embedding layout ([1, n, h] or [B, 1, h]). Embeddings carry their token ids, so logits
// come from logitsFor(sequence history), as in the BatchKv fake.
import { logitsFor as modelLogits, VOCAB as MODEL_VOCAB } from './model';
import { FakeDevice } from '../web-llm/tvm';

const HIDDEN = 8;

class FakeNd {
	disposed = false;
	constructor(
		public shape: number[],
		public dtype: string,
		public data: Float32Array,
		public tokens: number[] = [],
		private owner?: FakeTvmRuntime
	) {
		owner?.track(this);
	}
	private live() {
		if (this.disposed) throw new Error('fake tvm: NDArray used after its scope ended');
	}
	view(shape: number[]) {
		this.live();
		if (shape.reduce((a, b) => a * b, 1) !== this.shape.reduce((a, b) => a * b, 1)) throw new Error('fake tvm: view changes the size');
		return new FakeNd(shape, this.dtype, this.data, this.tokens, this.owner);
	}
	copyFrom(a: FakeNd) {
		this.live();
		a.live();
		if (a.data.length !== this.data.length) throw new Error('fake tvm: copy between different sizes');
		this.data.set(a.data);
	}
	toArray() {
		this.live();
		return this.data.slice();
	}
	dispose() {
		this.disposed = true;
	}
}

interface Scalar {
	value: number;
	dtype: string;
}
interface ShapeTuple {
	dims: number[];
}

export interface FakeKvObject {
	seqs: Map<number, number[]>;
	pending: { seqs: number[]; counts: number[] } | null;
	args: number[];
	disposed: boolean;
}

export class FakeTvmRuntime {
	private scopes: FakeNd[][] = [];
	readonly calls: string[] = [];
	/** Where web-llm's pipeline keeps its device, for a web-llm fake that carries this runtime. */
	lib = { webGPUContext: { device: new FakeDevice() } };
	constructor(
		private readonly flaws: { brokenVerify?: boolean },
		private readonly logitsFor: (history: readonly number[]) => Float32Array = modelLogits,
		private readonly vocab = MODEL_VOCAB
	) {}
	get depth() {
		return this.scopes.length;
	}
	track(o: FakeNd) {
		this.scopes.at(-1)?.push(o);
	}
	beginScope() {
		this.scopes.push([]);
	}
	endScope() {
		const s = this.scopes.pop();
		if (!s) throw new Error('fake tvm: endScope without beginScope');
		for (const o of s) o.dispose();
	}
	detachFromCurrentScope<T>(o: T): T {
		const s = this.scopes.at(-1);
		if (s && o instanceof FakeNd) s.splice(s.indexOf(o), 1);
		return o;
	}
	scalar(value: number, dtype: string): Scalar {
		return { value, dtype };
	}
	makeShapeTuple(dims: number[]): ShapeTuple {
		if (!dims.every(Number.isInteger)) throw new Error('fake tvm: shape tuple of non-integers');
		return { dims: [...dims] };
	}
	empty(shape: number[], dtype: string): FakeNd {
		return new FakeNd(shape, dtype, new Float32Array(shape.reduce((a, b) => a * b, 1)), [], this);
	}
	cpu() {
		return { device: 'cpu' };
	}
	needScope(what: string) {
		if (!this.scopes.length) throw new Error(`Must call beginScope to use functions that returns TVM objects (${what})`);
	}
	getGlobalFunc(name: string) {
		this.needScope(name);
		const int = (s: unknown) => {
			const x = s as Scalar;
			if (typeof x !== 'object' || x.dtype !== 'int64') throw new Error(`${name} expects int64 scalars`);
			return x.value;
		};
		if (name === 'vm.builtin.kv_state_fork_sequence')
			return (kv: unknown, parent: unknown, child: unknown, pos: unknown) => {
				const k = kv as FakeKvObject;
				const p = k.seqs.get(int(parent));
				if (!p || k.seqs.has(int(child)) || int(pos) !== -1) throw new Error('fake tvm: bad fork');
				if (k.seqs.size >= k.args[0]) throw new Error('fake tvm: more sequences than max_num_sequence');
				k.seqs.set(int(child), [...p]);
				this.calls.push('fork');
			};
		if (name === 'vm.builtin.kv_state_popn')
			return (kv: unknown, seq: unknown, n: unknown) => {
				// web-llm's own single-sequence cache (the web-llm fake's { tokens }) pops here too.
				const single = (kv as { tokens?: number[] }).tokens;
				if (single) {
					if (int(seq) !== 0 || int(n) > single.length) throw new Error('fake tvm: bad popn');
					single.length -= int(n);
					return;
				}
				const s = (kv as FakeKvObject).seqs.get(int(seq));
				if (!s || int(n) > s.length) throw new Error('fake tvm: bad popn');
				s.length -= int(n);
				this.calls.push('popn');
			};
		throw new Error(`Cannot find global function ${name}`);
	}
	makeFunction(name: string, kind: 'prefill' | 'decode' | 'batch_decode' | 'batch_verify') {
		return (e: unknown, kv: unknown, params: unknown) => {
			const emb = e as FakeNd;
			const k = kv as FakeKvObject;
			if (params !== PARAMS) throw new Error(`${name}: wrong params`);
			if (!k.pending) throw new Error(`${name}: no begin_forward`);
			const { seqs, counts } = k.pending;
			const total = counts.reduce((a, b) => a + b, 0);
			const [a, b, h] = emb.shape;
			if (h !== HIDDEN || emb.tokens.length !== total) throw new Error(`${name}: embeddings do not match begin_forward`);
			if (kind === 'batch_decode' ? a !== seqs.length || b !== 1 || counts.some((c) => c !== 1) : a !== 1 || b !== total) throw new Error(`${name}: layout [${emb.shape}]`);
			if ((kind === 'prefill' || kind === 'decode') && seqs.length !== 1) throw new Error(`${name}: one sequence only`);
			if (kind === 'decode' && total !== 1) throw new Error(`${name}: one token only`);
			this.calls.push(kind);
			const outRows: Float32Array[] = [];
			let at = 0;
			seqs.forEach((seq, i) => {
				const s = k.seqs.get(seq)!;
				const ids = emb.tokens.slice(at, (at += counts[i]));
				const base = this.flaws.brokenVerify && kind === 'batch_verify' && s.length && ids.length > 1 ? [] : [...s];
				s.push(...ids);
				const all = ids.map((_, j) => this.logitsFor([...base, ...ids.slice(0, j + 1)]));
				outRows.push(...(kind === 'batch_verify' ? all : [all[all.length - 1]]));
			});
			const V = this.vocab;
			const data = new Float32Array(outRows.length * V);
			outRows.forEach((r, i) => data.set(r, i * V));
			const shape = kind === 'batch_verify' ? [1, total, V] : kind === 'batch_decode' ? [seqs.length, 1, V] : [1, 1, V];
			const logits = new FakeNd(shape, 'float32', data, [], this);
			return { get: (i: number) => (i === 0 ? logits : undefined) };
		};
	}
}

const PARAMS = { params: true };

export interface FakeBatchPipelineOptions {
	brokenVerify?: boolean;
	chunk?: number;
	maxBatchSize?: number;
	/** Another model's logits (the web-llm fake's), so its single-sequence answers and batches agree. */
	logits?: (history: readonly number[]) => Float32Array;
	vocab?: number;
}

export function makeFakeBatchPipeline(o: FakeBatchPipelineOptions = {}) {
	const tvm = new FakeTvmRuntime(o, o.logits, o.vocab);
	const chunk = o.chunk ?? 64;
	const kvs: FakeKvObject[] = [];
	const seqArg = (s: unknown) => (s as Scalar).value;
	const vm = {
		getFunction(name: string) {
			tvm.needScope(name);
			switch (name) {
				case 'create_tir_paged_kv_cache':
					return (...args: unknown[]) => {
						if (args.length !== 5) throw new Error('create_tir_paged_kv_cache takes 5 shape tuples');
						const kv: FakeKvObject = { seqs: new Map(), pending: null, args: args.map((a) => (a as ShapeTuple).dims[0]), disposed: false };
						Object.assign(kv, { dispose: () => (kv.disposed = true) });
						kvs.push(kv);
						return kv;
					};
				case 'batch_decode':
				case 'batch_verify':
					return tvm.makeFunction(name, name);
				case '_metadata':
					return () => ({ toString: () => JSON.stringify({ model_type: 'fake', max_batch_size: o.maxBatchSize ?? 80, prefill_chunk_size: chunk }) });
				default:
					throw new Error(`fake vm: no function ${name}`);
			}
		}
	};
	const pipe = {
		tvm,
		vm,
		params: PARAMS,
		prefillChunkSize: chunk,
		device: { sync: async () => undefined },
		getTokensEmbeddings(ids: number[]) {
			if (ids.length > chunk) throw new Error('Internal Error: getTokensEmbeddings input should be <= prefillChunkSize.');
			return new FakeNd([ids.length, HIDDEN], 'float32', new Float32Array(ids.length * HIDDEN), [...ids], tvm);
		},
		prefill: tvm.makeFunction('prefill', 'prefill'),
		decoding: tvm.makeFunction('decode', 'decode'),
		fKVCacheAddSequence: (kv: FakeKvObject, s: unknown) => {
			if (kv.seqs.has(seqArg(s))) throw new Error('fake tvm: sequence exists');
			kv.seqs.set(seqArg(s), []);
		},
		fKVCacheRemoveSequence: (kv: FakeKvObject, s: unknown) => {
			if (!kv.seqs.delete(seqArg(s))) throw new Error('fake tvm: no such sequence');
		},
		fKVCacheBeginForward: (kv: FakeKvObject, seqs: ShapeTuple, counts: ShapeTuple) => {
			if (kv.pending) throw new Error('fake tvm: begin_forward twice');
			if (seqs.dims.some((s) => !kv.seqs.has(s))) throw new Error('fake tvm: begin_forward on a missing sequence');
			if (counts.dims.reduce((a, b) => a + b, 0) > kv.args[2]) throw new Error('fake tvm: more tokens than the cache prefill chunk');
			kv.pending = { seqs: seqs.dims, counts: counts.dims };
		},
		fKVCacheEndForward: (kv: FakeKvObject) => {
			if (!kv.pending) throw new Error('fake tvm: end_forward without begin');
			kv.pending = null;
		}
	};
	return { pipe, tvm, kvs };
}
