import { describe, expect, it } from 'vitest';
import { render } from '../helpers/mount';
import AnswerBrowser from '$lib/components/run/AnswerBrowser.svelte';
import EstimatePanel from '$lib/components/run/EstimatePanel.svelte';
import { estimateRun } from '$lib/app/estimate';
import { planShape } from '$lib/app/plan-shape';
import { syntheticPaperPlans } from '../helpers/synthetic-plan';
import { presetSettings } from '$lib/app/settings';
import type { StoredAnswer } from '$lib/store/schema';


const a: StoredAnswer = {
	schemaVersion: 1,
	runId: 'r1',
	probeId: 'database-s0-p3',
	task: 'database',
	setId: 0,
	positionId: 3,
	index: 3,
	contextId: 'database-s0',
	tokenOffset: 412,
	gold: { kind: 'database', label: 'New York State Route 191', description: 'highway in New York' },
	text: 'New York State Route 191, highway in New York',
	score: 1,
	at: '2026-11-25T00:00:00Z'
};

describe('AnswerBrowser', () => {
	it('lists a bucket and opens an answer with question, gold, answer and score', () => {
		const opened: string[] = [];
		const host = render(AnswerBrowser, { title: 'Database, positions 0–49', answers: [a], opened: null, question: null, onopen: (x: StoredAnswer) => opened.push(x.probeId) });
		const btn = host.querySelector<HTMLButtonElement>('tbody button')!;
		expect(btn.textContent).toContain('New York State Route 191');
		btn.click();
		expect(opened).toEqual(['database-s0-p3']);
		expect(host.querySelector('[data-testid=answer-detail]')).toBeNull();

		const host2 = render(AnswerBrowser, { title: 't', answers: [a], opened: a, question: 'In above context , what is the label … Q2486402 ?', onopen: () => {} });
		const text = host2.querySelector('[data-testid=answer-detail]')!.textContent!;
		expect(text).toContain('Q2486402');
		expect(text).toContain('label: New York State Route 191, description: highway in New York');
		expect(text).toContain('100.0%');
		expect(text).toContain('position 3, token 412');
	});
	it('says so while answers are still being read', () => {
		const host = render(AnswerBrowser, { title: 't', answers: [], opened: null, question: null, loading: true, onopen: () => {} });
		expect(host.querySelector('[role=status]')!.textContent).toMatch(/Reading/);
	});
});

describe('EstimatePanel', () => {
	it('shows the paper run as 9,400 questions over 12 contexts', () => {
		const shape = planShape(syntheticPaperPlans(), () => 20);
		const host = render(EstimatePanel, { estimate: estimateRun(presetSettings('paper'), shape), engine: 'oracle' });
		expect(host.textContent).toContain('9,400 over 12 contexts');
		expect(host.textContent).not.toContain('GPU memory');
	});

	it('says it is counting, then where the time comes from, and warns on a software adapter', () => {
		const s = { ...presetSettings('paper'), engine: { kind: 'webllm' as const, modelId: 'FILM-7B-q4f32_1-MLC', contextWindow: 32768 } };
		const gpu = { available: true as const, vendor: 'google', architecture: 'swiftshader', description: '', shaderF16: false, maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30, isFallbackAdapter: false };
		const counting = render(EstimatePanel, { estimate: estimateRun(s, null, { gpu, speed: { kind: 'none', reason: 'nothing matches' } }), engine: 'webllm', speedCheckHref: '/speed?model=FILM-7B' });
		expect(counting.textContent).toContain('Counting the questions of this plan');
		expect(counting.querySelector('[data-testid=estimate-time]')!.textContent).toContain('unknown — run the speed check');
		expect(counting.querySelector('[data-testid=estimate-warning]')!.textContent).toMatch(/software renderer .*not practical/);
		expect(counting.querySelector('a[href="/speed?model=FILM-7B"]')).not.toBeNull();
	});
});
