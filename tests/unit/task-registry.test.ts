// The task registry: one entry per task, each complete, and the one place (with the task's own folder) that names
// a task — so adding one touches nothing else.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expectedAnswer, goldText, isTaskName, referenceAnswerer, specOfGold, TASK_NAMES, taskSpec, taskSpecs, tasksWithView } from '$lib/tasks/registry';
import { databaseScore } from '$lib/scoring/substring';
import type { Gold } from '$lib/types';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(f) ? [p] : [];
	});
}

describe('the task registry', () => {
	it('holds each task once, with a gold kind of its own', () => {
		expect(TASK_NAMES).toEqual(['document', 'code', 'database', 'niah', 'longbench', 'kv']);
		expect(new Set(taskSpecs().map((s) => s.goldKind)).size).toBe(TASK_NAMES.length);
		for (const s of taskSpecs()) {
			expect(specOfGold({ kind: s.goldKind })).toBe(s);
			expect(s.label.length).toBeGreaterThan(3);
			expect(s.exportFile).toMatch(/^sample_\w+\.jsonl$/);
		}
		expect(isTaskName('poetry')).toBe(false);
		expect(() => taskSpec('poetry')).toThrow(/unknown task "poetry"/);
		expect(() => specOfGold({ kind: 'poem' })).toThrow(/no task scores gold of kind "poem"/);
		expect(tasksWithView(['kv', 'niah', 'document'], 'positions')).toEqual(['document', 'kv']);
	});

	it('writes a database gold one way everywhere, and the paper’s rule scores that text right', () => {
		const gold: Gold = { kind: 'database', label: 'Amberley Castle', description: 'castle in West Sussex, England' };
		expect(goldText(gold)).toBe('label: Amberley Castle, description: castle in West Sussex, England');
		expect(expectedAnswer(gold)).toBe(' ' + goldText(gold));
		expect(databaseScore(gold.label, gold.description, goldText(gold))).toBe(1);
		expect(taskSpec('database').score(gold, goldText(gold))).toBe(1);
	});

	it('scores every task’s own synthetic gold text as right, and an unrelated answer lower', () => {
		for (const s of taskSpecs()) {
			const gold = s.syntheticGold('k:0:7', 0, 7);
			expect(gold.kind).toBe(s.goldKind);
			expect(s.score(gold, goldText(gold)), s.name).toBe(1);
			expect(s.score(gold, 'zzz'), s.name).toBeLessThan(1);
		}
	});

	it('recognises nothing that is not a question of a registered task', () => {
		expect(referenceAnswerer()('What is the capital of France?')).toBe('');
		expect(referenceAnswerer()('[INST] x\n\n### Context:\nabc\n\n### Instruction:\nTell me a joke. [/INST]')).toBe('');
	});

	it('is the only place outside a task folder that names a task added later', () => {
		// The key–value task was added through the registry alone: no other source file may name it.
		const named = [...files('src'), ...files('cli')]
			.filter((f) => !f.startsWith(join('src', 'lib', 'tasks', 'kv')) && f !== join('src', 'lib', 'tasks', 'registry.ts'))
			.filter((f) => /['"]kv['"]|kvTask|tasks\/kv/.test(readFileSync(f, 'utf8')));
		expect(named).toEqual([]);
	});
});
