// The assertions of tests/engine/batch-check.ts over what its page returned, as a pure function (unit-tested).
import type { BatchCheckOutput } from './batch-page';

/** What the run must show, as failures (empty = passed). */
export function judge(o: BatchCheckOutput): string[] {
	const f: string[] = [];
	if (o.error) f.push(`the page failed: ${o.error}`);
	const sc = o.selfCheck;
	if (!sc) return [...f, `no batch self-check report (path ${o.path}, fallback ${o.fallback})`];
	if (!(sc.contextSignal > 0.1)) f.push(`context signal ${sc.contextSignal}: the logits hardly depend on the question`);
	if (sc.decodeDiff === null || !(sc.decodeDiff <= sc.bound)) f.push(`batched decoding did not match single steps: ${sc.reason}`);
	if (/swiftshader/i.test(o.adapter) && sc.questionPath === 'verify') f.push(`verify was kept on the software adapter (${sc.verifyDiff}); it was measured off by ~1.7 there`);
	if (sc.verifyDiff !== null && (sc.questionPath === 'verify') !== sc.verifyDiff <= sc.bound) f.push('the verify verdict disagrees with its own bound');
	if (!o.path?.startsWith('batch:')) f.push(`the batch path was not used: ${o.path} (${o.fallback})`);
	else if (o.path !== `batch:${sc.questionPath}`) f.push(`the batch ran ${o.path} although the self-check chose ${sc.questionPath}`);
	if (o.batched.length !== o.reference.length) f.push(`${o.batched.length} batched answers for ${o.reference.length} questions`);
	o.reference.forEach((r, i) => {
		const g = o.batched[i];
		if (!g || g.text !== r.text || g.finishReason !== r.finishReason || g.tokens !== r.tokens)
			f.push(`question ${i}: batched ${JSON.stringify(g && { text: g.text, finish: g.finishReason, tokens: g.tokens })} ≠ one at a time ${JSON.stringify(r)}`);
	});
	if (!o.reference.some((r) => r.tokens >= 2)) f.push('no answer had two tokens: batched decoding past the question was not exercised');
	return f;
}
