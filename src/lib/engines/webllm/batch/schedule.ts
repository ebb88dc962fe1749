// Slot scheduling and forward packing, as pure functions: which questions sit in which of the B sequences, and how
// the multi-token inputs of one round are packed into verify forwards.

/**
 * Pack per-sequence inputs (token counts, in slot order) into forwards. A forward's embeddings are made in one call
 * that takes at most `chunk` tokens (web-llm's getTokensEmbeddings; the KV cache's own prefill_chunk_size bounds it
 * too), and at most `maxSeqs` sequences. Order is kept. An input longer than the chunk cannot be verified at all.
 */
export function packForwards(lengths: readonly number[], chunk: number, maxSeqs: number): number[][] {
	const groups: number[][] = [];
	let cur: number[] = [];
	let tokens = 0;
	lengths.forEach((n, i) => {
		if (n > chunk) throw new Error(`an input of ${n} tokens exceeds the forward chunk of ${chunk}`);
		if (n <= 0) throw new Error('an empty input cannot be forwarded');
		if (cur.length && (tokens + n > chunk || cur.length >= maxSeqs)) {
			groups.push(cur);
			cur = [];
			tokens = 0;
		}
		cur.push(i);
		tokens += n;
	});
	if (cur.length) groups.push(cur);
	return groups;
}

/**
 * The B slots: slot s uses KV sequence s + 1 (sequence 0 holds the context). `take` hands out the next question
 * index for a free slot, in question order, so answers come back in order of start and a run can resume.
 */
export class SlotTable<T> {
	private readonly slots: (T | null)[];
	private nextQuestion = 0;

	constructor(
		readonly size: number,
		private readonly questions: number
	) {
		if (!(size >= 1)) throw new Error('a batch needs at least one slot');
		this.slots = Array.from({ length: size }, () => null);
	}

	static seqOf(slot: number): number {
		return slot + 1;
	}

	/** Fill every free slot with the next questions; returns the [slot, question] pairs just started. */
	fill(start: (question: number, slot: number) => T): [number, number][] {
		const started: [number, number][] = [];
		for (let s = 0; s < this.size && this.nextQuestion < this.questions; s++) {
			if (this.slots[s] !== null) continue;
			const q = this.nextQuestion++;
			this.slots[s] = start(q, s);
			started.push([s, q]);
		}
		return started;
	}

	release(slot: number): void {
		this.slots[slot] = null;
	}

	get(slot: number): T | null {
		return this.slots[slot];
	}

	/** [slot, state] of every occupied slot, in slot order. */
	active(): [number, T][] {
		const out: [number, T][] = [];
		this.slots.forEach((v, s) => {
			if (v !== null) out.push([s, v]);
		});
		return out;
	}

	get done(): boolean {
		return this.nextQuestion >= this.questions && this.slots.every((s) => s === null);
	}

	get started(): number {
		return this.nextQuestion;
	}
}
