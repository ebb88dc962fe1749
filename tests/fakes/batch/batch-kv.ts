// A fake BatchKv: sequences are token lists, forwards compute logitsFor(history) per position, and every rule the
// real cache imposes is enforced (sequences exist, fork targets are free, chunk and batch limits, capacity). Flaws
// of real devices can be switched on, and every forward and token is counted.
import type { BatchKv, SeqInput } from '$lib/engines/webllm/batch/kv';
import { logitsFor } from './model';

export interface FakeBatchFlaws {
	/** A multi-token forward on a non-empty sequence sees only its own tokens (the software adapter's flaw). */
	brokenVerify?: boolean;
	/** Batched decode (more than one sequence) adds this much to every logit of the second sequence on. */
	batchNoise?: number;
	/** Batched decode gives each sequence the logits of its neighbour's history. */
	swappedRows?: boolean;
	/** A fork drops the parent's last token. */
	brokenFork?: boolean;
	/** popTokens pops one token fewer than asked. */
	brokenPop?: boolean;
}

export interface FakeBatchCounts {
	prefill: number;
	verify: number;
	decode: number;
	batchDecode: number;
	verifiedTokens: number;
	decodedTokens: number;
	forks: number;
	pops: number;
	maxLiveSequences: number;
}

export interface FakeBatchKvOptions extends FakeBatchFlaws {
	maxSequences?: number;
	chunkSize?: number;
	maxBatch?: number;
	capacityTokens?: number;
}

export class FakeBatchKv implements BatchKv {
	readonly maxSequences: number;
	readonly chunkSize: number;
	readonly maxBatch: number;
	readonly capacityTokens: number;
	readonly seqs = new Map<number, number[]>();
	readonly counts: FakeBatchCounts = { prefill: 0, verify: 0, decode: 0, batchDecode: 0, verifiedTokens: 0, decodedTokens: 0, forks: 0, pops: 0, maxLiveSequences: 0 };
	disposed = false;
	/** Every forward's shape, in order: kind and the sequences it fed. */
	readonly log: { kind: 'prefill' | 'verify' | 'decode'; seqs: number[]; tokens: number }[] = [];

	constructor(private readonly o: FakeBatchKvOptions = {}) {
		this.maxSequences = o.maxSequences ?? 9;
		this.chunkSize = o.chunkSize ?? 64;
		this.maxBatch = o.maxBatch ?? 80;
		this.capacityTokens = o.capacityTokens ?? 1 << 20;
	}

	private get(seq: number): number[] {
		const s = this.seqs.get(seq);
		if (!s) throw new Error(`fake kv: no sequence ${seq}`);
		return s;
	}
	private live(): void {
		if (this.disposed) throw new Error('fake kv: used after dispose');
		this.counts.maxLiveSequences = Math.max(this.counts.maxLiveSequences, this.seqs.size);
	}

	addSequence(seq: number): void {
		if (this.seqs.has(seq)) throw new Error(`fake kv: sequence ${seq} exists`);
		if (seq < 0 || seq >= this.maxSequences) throw new Error(`fake kv: sequence id ${seq} outside 0…${this.maxSequences - 1}`);
		this.seqs.set(seq, []);
		this.live();
	}
	forkSequence(parent: number, child: number): void {
		const p = this.get(parent);
		if (this.seqs.has(child)) throw new Error(`fake kv: fork target ${child} exists`);
		if (this.seqs.size >= this.maxSequences) throw new Error('fake kv: no room for another sequence');
		this.seqs.set(child, this.o.brokenFork ? p.slice(0, -1) : [...p]);
		this.counts.forks++;
		this.live();
	}
	removeSequence(seq: number): void {
		this.get(seq);
		this.seqs.delete(seq);
	}
	popTokens(seq: number, n: number): void {
		const s = this.get(seq);
		if (!(n >= 0) || n > s.length) throw new Error(`fake kv: cannot pop ${n} of ${s.length}`);
		s.length -= this.o.brokenPop && n > 0 ? n - 1 : n;
		this.counts.pops++;
	}
	length(seq: number): number {
		return this.get(seq).length;
	}

	private checkForward(inputs: { seq: number }[], tokens: number, limitTokens: boolean): void {
		this.live();
		const seen = new Set<number>();
		for (const x of inputs) {
			this.get(x.seq);
			if (seen.has(x.seq)) throw new Error(`fake kv: sequence ${x.seq} twice in one forward`);
			seen.add(x.seq);
		}
		if (limitTokens && tokens > this.chunkSize) throw new Error(`fake kv: ${tokens} tokens exceed the chunk of ${this.chunkSize}`);
		let total = 0;
		for (const s of this.seqs.values()) total += s.length;
		if (total + tokens > this.capacityTokens) throw new Error('fake kv: out of KV capacity');
	}

	async prefill(seq: number, ids: number[]): Promise<Float32Array> {
		this.checkForward([{ seq }], ids.length, true);
		const s = this.get(seq);
		const base = this.o.brokenVerify && s.length && ids.length > 1 ? [] : [...s];
		s.push(...ids);
		this.counts.prefill++;
		this.log.push({ kind: 'prefill', seqs: [seq], tokens: ids.length });
		return logitsFor([...base, ...ids]);
	}

	async verify(inputs: SeqInput[]): Promise<Float32Array[][]> {
		const tokens = inputs.reduce((n, x) => n + x.ids.length, 0);
		this.checkForward(inputs, tokens, true);
		if (inputs.length > this.maxBatch) throw new Error('fake kv: more sequences than the batch limit');
		this.counts.verify++;
		this.counts.verifiedTokens += tokens;
		this.log.push({ kind: 'verify', seqs: inputs.map((x) => x.seq), tokens });
		return inputs.map(({ seq, ids }) => {
			const s = this.get(seq);
			const base = this.o.brokenVerify && s.length && ids.length > 1 ? [] : [...s];
			s.push(...ids);
			return ids.map((_, j) => logitsFor([...base, ...ids.slice(0, j + 1)]));
		});
	}

	async decode(inputs: { seq: number; id: number }[]): Promise<Float32Array[]> {
		this.checkForward(inputs, inputs.length, false);
		if (inputs.length > this.maxBatch) throw new Error('fake kv: more sequences than the batch limit');
		this.counts.decode++;
		if (inputs.length > 1) this.counts.batchDecode++;
		this.counts.decodedTokens += inputs.length;
		this.log.push({ kind: 'decode', seqs: inputs.map((x) => x.seq), tokens: inputs.length });
		const histories = inputs.map(({ seq, id }) => {
			const s = this.get(seq);
			s.push(id);
			return [...s];
		});
		return histories.map((h, i) => {
			const batched = inputs.length > 1;
			const src = batched && this.o.swappedRows ? histories[(i + 1) % histories.length] : h;
			const l = logitsFor(src);
			if (batched && this.o.batchNoise && i > 0) for (let k = 0; k < l.length; k++) l[k] += this.o.batchNoise;
			return l;
		});
	}

	dispose(): void {
		this.disposed = true;
		this.seqs.clear();
	}
}
