// The assertions of tests/engine/batch-check.ts over what its page returned, as a pure function (unit-tested).
import type { BatchCheckOutput } from './batch-page';

/** What the run must show, as failures (empty = passed). */
export function judge(o: BatchCheckOutput): string[] {
	const f: string[] = [];
	if (o.error) f.push(`the page failed: ${o.error}`);
	if (o.missing.length) f.push(`batch internals missing: ${o.missing.join(', ')}`);
	const sc = o.selfCheck;
	if (!sc) return [...f, 'no batch self-check report'];
	if (!(sc.contextSignal > 0.1)) f.push(`context signal ${sc.contextSignal}: the logits hardly depend on the question`);
	if (!sc.decode?.ok) f.push(`batched decoding did not match single steps: ${sc.reason}`);
	if (/swiftshader/i.test(o.adapter) && sc.verify?.ok) f.push(`verify matched on the software adapter (${sc.verify.maxAbsDiff}); it was measured off by ~1.7 there`);
	if (sc.verify && sc.verify.ok !== sc.verify.maxAbsDiff <= sc.bound) f.push('the verify verdict disagrees with its own bound');
	if (!o.path) f.push('no batch path was kept');
	else {
		if (o.batched.length !== o.reference.length) f.push(`${o.batched.length} batched answers for ${o.reference.length} questions`);
		o.reference.forEach((r, i) => {
			const g = o.batched[i];
			if (!g || JSON.stringify(g.ids) !== JSON.stringify(r.ids) || g.text !== r.text || g.finishReason !== r.finishReason)
				f.push(`question ${i}: batched ${JSON.stringify(g && { ids: g.ids, finish: g.finishReason })} ≠ one at a time ${JSON.stringify({ ids: r.ids, finish: r.finishReason })}`);
		});
		if (!o.reference.some((r) => r.ids.length >= 2)) f.push('no answer had two tokens: batched decoding past the question was not exercised');
	}
	return f;
}

