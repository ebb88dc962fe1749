// A fingerprint of a plan: resuming a run rebuilds its plans from the stored task options, and the digest proves
// the rebuild asks the same questions against the same contexts (or says clearly that it does not).
import type { ProbePlan } from '$lib/types';
import type { RunTask } from '$lib/store/schema';
import { canonicalJson, sha256Hex } from '$lib/store/hash';

export async function planDigest(plan: ProbePlan): Promise<string> {
	return sha256Hex(
		canonicalJson({
			task: plan.task,
			taskVersion: plan.taskVersion,
			contexts: plan.contexts.map((c) => [c.id, c.setId, c.prefix, c.prefixTokens]),
			probes: plan.probes.map((p) => [p.id, p.contextId, p.setId, p.positionId, p.suffix, p.gold, p.maxNewTokens])
		})
	);
}

/** null when the plans match the run's tasks; otherwise why not. An empty stored digest (v1 runs) is not checked. */
export async function planMismatch(tasks: readonly RunTask[], plans: readonly ProbePlan[]): Promise<string | null> {
	if (tasks.length !== plans.length) return `the run has ${tasks.length} task(s) but ${plans.length} plan(s) were built`;
	for (let i = 0; i < tasks.length; i++) {
		const t = tasks[i];
		const p = plans[i];
		if (t.task !== p.task) return `task ${i + 1} is ${t.task} in the run but ${p.task} in the plans`;
		if (t.taskVersion !== p.taskVersion)
			return `${t.task} was run with task version ${t.taskVersion}; this app builds version ${p.taskVersion}`;
		if (t.probeCount !== p.probes.length) return `${t.task} had ${t.probeCount} probes; the rebuilt plan has ${p.probes.length}`;
		if (t.planDigest && t.planDigest !== (await planDigest(p)))
			return `${t.task}: the rebuilt plan differs from the one the run started with (different items or prompts)`;
	}
	return null;
}
