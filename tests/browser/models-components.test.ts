// The Models page's pieces mounted in Chromium: what an inspected conversion will do (and a warning when the browser
// offers less room than it needs), the fidelity table worst first, the pair panel, and a run's weights.
import { describe, expect, it } from 'vitest';
import { render } from '../helpers/mount';
import ConvertSummary from '$lib/components/models/ConvertSummary.svelte';
import FidelityTable from '$lib/components/models/FidelityTable.svelte';
import PaperPair from '$lib/components/run/PaperPair.svelte';
import RunWeights from '$lib/components/run/RunWeights.svelte';
import type { JobSummary } from '$lib/convert/browser/protocol';
import { paperPair } from '$lib/app/paper-pair';
import { weightsProvenance } from '$lib/app/converted-spec';
import { convertedRecord } from '../helpers/convert/converted-record';

const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

const summary: JobSummary = {
	modelId: 'FILM-7B-q4f32_1-converted', label: 'FILM-7B', family: 'mistral', target: 'q4f32_1', format: 'safetensors', sourceLabel: 'In2Training/FILM-7B@0123456',
	commit: '0123456789abcdef0123456789abcdef01234567', files: [{ name: 'model-00001-of-00006.safetensors', size: 4_943_162_240 }, { name: 'model-00002-of-00006.safetensors', size: null }],
	sourceBytes: 28_967_000_000, outputBytes: 4_530_000_000, shards: 131, tensors: 291, resume: null, storage: { free: 60e9, quota: 80e9 }, backend: 'WebGPU (CPU workers if the GPU refuses)'
};

describe('ConvertSummary', () => {
	it('states the download, what stays in the browser, the room offered and what the folder will hold', () => {
		const host = render(ConvertSummary, { summary });
		expect(text(host.querySelector('[data-testid=download-size]'))).toBe('29.0 GB in 2 files');
		expect(text(host.querySelector('[data-testid=storage-size]'))).toBe('4.5 GB (q4f32_1, 291 tensors)');
		expect(text(host.querySelector('[data-testid=free-storage]'))).toBe('60.0 GB of 80.0 GB offered');
		expect(host.querySelector('[data-testid=free-storage]')!.classList.contains('warn')).toBe(false);
		expect(text(host)).toContain('131 weight shards (params_shard_*.bin), tensor-cache.json and ndarray-cache.json, mlc-chat-config.json');
		expect(text(host)).toContain('commit 0123456789abcdef0123456789abcdef01234567');
		expect(text(host)).toContain('model-00002-of-00006.safetensors: size unknown');
		expect(host.querySelector('[data-testid=resume-info]')).toBeNull();
	});

	it('warns when the browser offers less room than the model needs, and says what an earlier run already did', () => {
		const host = render(ConvertSummary, { summary: { ...summary, storage: { free: 2e9, quota: 10e9 }, resume: { shardsDone: 40, readBytes: 9e9 } }, replaces: convertedRecord(), discards: true });
		const free = host.querySelector('[data-testid=free-storage]')!;
		expect(free.classList.contains('warn')).toBe(true);
		expect(text(free)).toMatch(/^2\.0 GB of 10\.0 GB offered — not enough: free some space/);
		expect(text(host.querySelector('[data-testid=resume-info]'))).toBe('an earlier run of this conversion: 40 of 131 shards already written');
		expect(text(host)).toContain('This replaces the converted FILM-7B (q4f32_1) made from In2Training/FILM-7B on 2026-12-01.');
		expect(text(host)).toContain('will be discarded');
	});
});

describe('FidelityTable', () => {
	it('sums up and lists every tensor, worst relative RMS first', () => {
		const host = render(FidelityTable, { fidelity: convertedRecord().fidelity });
		expect(text(host.querySelector('[data-testid=fidelity-summary]'))).toBe(
			'3 source tensors: relative RMS error 6.67 % on average, worst 11.00 % (model.layers.0.self_attn.q_proj.weight); largest |Δ| 2.00e-2.'
		);
		const rows = [...host.querySelectorAll('[data-testid=fidelity-table] tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
		expect(rows).toEqual([
			['model.layers.0.self_attn.q_proj.weight', 'model.layers.0.self_attn.qkv_proj', '11.00 %', '2.00e-2'],
			['model.embed_tokens.weight', 'model.embed_tokens', '9.00 %', '4.00e-3'],
			['model.norm.weight', 'model.norm.weight', '0.0000 %', '0']
		]);
		expect(text(render(FidelityTable, { fidelity: [] }))).toBe('No tensor was measured.');
	});
});

describe('PaperPair and RunWeights', () => {
	it('shows each side’s status and enables “Start both runs” only when both can run', () => {
		let started = 0;
		const missing = render(PaperPair, { pair: paperPair(null, [convertedRecord()]), onstart: () => started++ });
		expect(missing.querySelector('[data-testid=pair-film]')!.getAttribute('data-status')).toBe('ready');
		expect(missing.querySelector('[data-testid=pair-baseline] a')!.getAttribute('href')).toBe('/models');
		expect(missing.querySelector<HTMLButtonElement>('[data-testid=start-pair]')!.disabled).toBe(true);
		const base = convertedRecord({ modelId: 'Mistral-7B-Instruct-v0.2-q4f32_1-converted', label: 'Mistral-7B-Instruct-v0.2' });
		const ready = render(PaperPair, { pair: paperPair(null, [convertedRecord(), base]), onstart: () => started++ });
		ready.querySelector<HTMLButtonElement>('[data-testid=start-pair]')!.click();
		expect(started).toBe(1);
	});

	it('says where a run’s converted weights came from', () => {
		const host = render(RunWeights, { weights: weightsProvenance(convertedRecord()) });
		expect(text(host.querySelector('summary'))).toBe(
			'Weights converted in this browser from In2Training/FILM-7B@0123456 (safetensors → q4f32_1); relative RMS error 6.67 % on average over 3 tensors, worst 11.00 %'
		);
		expect(text(host)).toContain(`config.json (601 bytes): ${'d'.repeat(64)}`);
	});
});
