// Many questions on one prefilled context, B at a time. Sequence 0 of a KV cache of our own holds the context; each
// question gets a sequence forked off it, is fed on top (with its gold answer as a draft through one verify forward,
// or token by token in batched decode steps), and is decoded greedily together with the others; a finished sequence
// is removed and its slot takes the next question. Every token of every answer passes through AnswerBuilder, so each
// answer equals plain greedy decoding of its question alone — as long as the forwards used are exact on this device,
// which self-check.ts measures before a path is used.
import type { BatchKv, SeqInput } from './kv';
import { argmax } from './kv';
import { AnswerBuilder, type FinishedAnswer } from './answer';
import { acceptDraft, draftBudget } from './draft';
import { packForwards, SlotTable } from './schedule';
import { kvTokensFor } from './batch-size';

export interface BatchQuestion {
	/** The question's tokens as they follow the context inside the full prompt (never encoded alone). */
	ids: number[];
	/** Expected answer tokens (gold, then EOS): checked in the same forward as the question. */
	draft?: number[];
	maxTokens: number;
	stop?: string[];
}

/** How questions reach their sequences: one verify forward for a whole round, or one token per decode step. */
export type QuestionPath = 'verify' | 'decode-steps';

export interface BatchOptions {
	/** Sequences decoded together (≤ the cache's maxSequences − 1). */
	B: number;
	questionPath: QuestionPath;
	stopTokenIds: readonly number[];
	/** web-llm's window: answers stop where greedy decoding of the full prompt would. */
	contextWindow: number;
	decode: (ids: number[]) => string;
	signal?: AbortSignal;
	onAnswer?: (question: number, a: BatchAnswer) => void;
}

export interface BatchAnswer extends FinishedAnswer {
	question: number;
	/** Draft tokens fed and accepted (both 0 without a draft or on the decode-steps path). */
	draftFed: number;
	draftAccepted: number;
	/** Forwards this question's sequence took part in. */
	forwards: number;
}

export interface BatchStats {
	prefillForwards: number;
	verifyForwards: number;
	decodeForwards: number;
	/** Question and draft tokens fed through verify forwards. */
	verifiedTokens: number;
	/** Tokens fed through decode steps (question tokens on the decode-steps path, then answer tokens). */
	decodedTokens: number;
	/** Draft tokens popped again after a mismatch. */
	poppedTokens: number;
	verifyMs: number;
	decodeMs: number;
}

interface Slot {
	q: number;
	seq: number;
	builder: AnswerBuilder;
	/** Question tokens still to feed one per decode step. */
	pending: number[];
	/** Greedy's next token, to feed in the next decode step. */
	next: number | null;
	verifyFirst: boolean;
	promptTokens: number;
	draftFed: number;
	draftAccepted: number;
	forwards: number;
}

export function emptyStats(): BatchStats {
	return { prefillForwards: 0, verifyForwards: 0, decodeForwards: 0, verifiedTokens: 0, decodedTokens: 0, poppedTokens: 0, verifyMs: 0, decodeMs: 0 };
}

export class BatchSession {
	private contextTokens = -1;
	readonly stats: BatchStats = emptyStats();

	constructor(readonly kv: BatchKv) {}

	get contextLength(): number {
		return this.contextTokens;
	}

	/** Prefill the context into sequence 0 in chunks; returns the last position's logits. */
	async prefillContext(ids: number[]): Promise<Float32Array> {
		if (!ids.length) throw new Error('the context is empty');
		const kv = this.kv;
		if (this.contextTokens >= 0) kv.removeSequence(0);
		this.contextTokens = -1;
		kv.addSequence(0);
		let last: Float32Array | null = null;
		for (let i = 0; i < ids.length; i += kv.chunkSize) {
			last = await kv.prefill(0, ids.slice(i, i + kv.chunkSize));
			this.stats.prefillForwards++;
		}
		if (kv.length(0) !== ids.length) throw new Error(`the context sequence holds ${kv.length(0)} tokens, ${ids.length} were fed`);
		this.contextTokens = ids.length;
		return last!;
	}

	async answer(questions: BatchQuestion[], o: BatchOptions): Promise<BatchAnswer[]> {
		const P = this.contextTokens;
		if (P < 0) throw new Error('prefill a context first');
		const kv = this.kv;
		if (!questions.length) return [];
		const B = Math.min(o.B, questions.length);
		if (!(B >= 1)) throw new Error('B must be at least 1');
		if (B > kv.maxSequences - 1) throw new Error(`B = ${B} needs ${B + 1} sequences; the cache has ${kv.maxSequences}`);
		let perSeq = 0;
		questions.forEach((q, i) => {
			if (!q.ids.length) throw new Error(`question ${i} has no tokens`);
			if (P + q.ids.length >= o.contextWindow) throw new Error(`question ${i}: ${P + q.ids.length} prompt tokens do not fit the window of ${o.contextWindow}`);
			perSeq = Math.max(perSeq, Math.min(q.ids.length + Math.max(q.maxTokens, q.draft?.length ?? 0), o.contextWindow - P));
		});
		const need = kvTokensFor(P, B, perSeq);
		if (need > kv.capacityTokens) throw new Error(`${B} sequences need ${need} KV tokens; the cache holds ${kv.capacityTokens}`);

		const answers: BatchAnswer[] = new Array(questions.length);
		const table = new SlotTable<Slot>(B, questions.length);
		const finish = (slot: number, s: Slot, a: FinishedAnswer) => {
			kv.removeSequence(s.seq);
			table.release(slot);
			const out: BatchAnswer = { ...a, question: s.q, draftFed: s.draftFed, draftAccepted: s.draftAccepted, forwards: s.forwards };
			answers[s.q] = out;
			o.onAnswer?.(s.q, out);
		};
		const start = (q: number, slot: number): Slot => {
			const seq = SlotTable.seqOf(slot);
			kv.forkSequence(0, seq);
			const Q = questions[q];
			const promptTokens = P + Q.ids.length;
			return {
				q, seq, promptTokens, pending: [], next: null, draftFed: 0, draftAccepted: 0, forwards: 0,
				// A question longer than one forward's chunk cannot go through verify: it is fed by decode steps.
				verifyFirst: o.questionPath === 'verify' && Q.ids.length <= kv.chunkSize,
				builder: new AnswerBuilder({ maxTokens: Q.maxTokens, stop: Q.stop, stopTokenIds: o.stopTokenIds, promptTokens, contextWindow: o.contextWindow, decode: o.decode })
			};
		};

		try {
			while (!table.done) {
				for (const [slot] of table.fill(start)) {
					const s = table.get(slot)!;
					if (!s.verifyFirst) s.pending = [...questions[s.q].ids];
					// maxTokens ≤ 0: greedy decodes nothing.
					if (s.builder.finished) finish(slot, s, s.builder.finished);
				}
				if (o.signal?.aborted) {
					for (const [slot, s] of table.active()) finish(slot, s, s.builder.finish('abort'));
					for (let q = table.started; q < questions.length; q++) answers[q] = abortedAnswer(q, o.decode);
					break;
				}
				const toVerify = table.active().filter(([, s]) => s.verifyFirst);
				if (toVerify.length) await this.verifyRound(toVerify, questions, o, finish);
				else if (table.active().length) await this.decodeRound(table.active(), o, finish);
			}
		} finally {
			// On an error the question sequences are dropped; sequence 0 (the context) stays for the next call.
			for (const [slot, s] of table.active()) {
				kv.removeSequence(s.seq);
				table.release(slot);
			}
		}
		return answers;
	}

	private async verifyRound(
		slots: [number, Slot][],
		questions: BatchQuestion[],
		o: BatchOptions,
		finish: (slot: number, s: Slot, a: FinishedAnswer) => void
	): Promise<void> {
		const kv = this.kv;
		const drafts = slots.map(([, s]) => {
			const Q = questions[s.q];
			const d = Q.draft ?? [];
			const n = Math.min(draftBudget(d.length, { maxTokens: Q.maxTokens, promptTokens: s.promptTokens, contextWindow: o.contextWindow }), kv.chunkSize - Q.ids.length);
			return d.slice(0, n);
		});
		const inputs: SeqInput[] = slots.map(([, s], i) => ({ seq: s.seq, ids: [...questions[s.q].ids, ...drafts[i]] }));
		for (const group of packForwards(inputs.map((x) => x.ids.length), kv.chunkSize, kv.maxBatch)) {
			const t0 = performance.now();
			const logits = await kv.verify(group.map((i) => inputs[i]));
			this.stats.verifyMs += performance.now() - t0;
			this.stats.verifyForwards++;
			group.forEach((i, g) => {
				const [slot, s] = slots[i];
				const draft = drafts[i];
				const q = questions[s.q].ids.length;
				this.stats.verifiedTokens += q + draft.length;
				s.forwards++;
				s.verifyFirst = false;
				s.draftFed = draft.length;
				const rows = logits[g];
				if (rows.length !== q + draft.length) throw new Error(`verify returned ${rows.length} positions for ${q + draft.length} tokens`);
				const v = acceptDraft(draft, rows.slice(q - 1).map(argmax));
				s.draftAccepted = v.accepted;
				for (const tok of [...draft.slice(0, v.accepted), v.next]) {
					const done = s.builder.push(tok, o.signal?.aborted);
					if (done) return finish(slot, s, done);
				}
				// Greedy goes on after the accepted draft: drop the rest of the draft, feed `next` in a decode step.
				const extra = draft.length - v.accepted;
				if (extra) kv.popTokens(s.seq, extra);
				this.stats.poppedTokens += extra;
				const want = s.promptTokens + v.accepted;
				if (kv.length(s.seq) !== want) throw new Error(`sequence ${s.seq} holds ${kv.length(s.seq)} tokens after the draft, expected ${want}`);
				s.next = v.next;
			});
		}
	}

	private async decodeRound(slots: [number, Slot][], o: BatchOptions, finish: (slot: number, s: Slot, a: FinishedAnswer) => void): Promise<void> {
		const kv = this.kv;
		for (let at = 0; at < slots.length; at += kv.maxBatch) {
			const part = slots.slice(at, at + kv.maxBatch);
			const inputs = part.map(([, s]) => {
				const id = s.pending.length ? s.pending.shift()! : s.next;
				if (id === null) throw new Error(`sequence ${s.seq} has nothing to feed`);
				return { seq: s.seq, id };
			});
			const t0 = performance.now();
			const logits = await kv.decode(inputs);
			this.stats.decodeMs += performance.now() - t0;
			this.stats.decodeForwards++;
			this.stats.decodedTokens += inputs.length;
			part.forEach(([slot, s], i) => {
				s.forwards++;
				// Logits after a question token that is not the last predict nothing anyone asked for.
				if (s.pending.length) return;
				const tok = argmax(logits[i]);
				const done = s.builder.push(tok, o.signal?.aborted);
				if (done) finish(slot, s, done);
				else s.next = tok;
			});
		}
	}
}

function abortedAnswer(question: number, decode: (ids: number[]) => string): BatchAnswer {
	return { ids: [], text: decode([]), finishReason: 'abort', question, draftFed: 0, draftAccepted: 0, forwards: 0 };
}
