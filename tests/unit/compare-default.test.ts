import { describe, expect, it } from 'vitest';
import { defaultComparison, taskSetKey } from '$lib/app/compare-default';
import type { RunRecord, RunStatus } from '$lib/store/schema';
import type { TaskName } from '$lib/types';

const run = (id: string, tasks: TaskName[], status: RunStatus = 'complete') => ({ id, status, tasks: tasks.map((task) => ({ task })) }) as unknown as RunRecord;

describe('the compare page without a list of runs', () => {
	it('takes the newest finished run and the other finished runs of the same tasks', () => {
		const runs = [
			run('a', ['niah']),
			run('b', ['code', 'document', 'database'], 'paused'),
			run('c', ['document', 'code', 'database']),
			run('d', ['longbench']),
			run('e', ['database', 'code', 'document']),
			run('f', ['document', 'code'])
		];
		expect(defaultComparison(runs)).toEqual(['a']);
		expect(defaultComparison(runs.slice(1))).toEqual(['c', 'e']);
		expect(taskSetKey(runs[2])).toBe(taskSetKey(runs[4]));
	});
	it('keeps at most four, and falls back to unfinished runs when none finished', () => {
		const many = ['1', '2', '3', '4', '5'].map((id) => run(id, ['code']));
		expect(defaultComparison(many)).toEqual(['1', '2', '3', '4']);
		expect(defaultComparison([run('x', ['code'], 'running'), run('y', ['niah'], 'paused')])).toEqual(['x']);
		expect(defaultComparison([])).toEqual([]);
	});
});
