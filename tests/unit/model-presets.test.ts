// Issue 17, point 6: the jobs the Models page's presets build for the real releases (which cannot be downloaded
// here), the advanced form's, a stored conversion's resume, and the words the page shows.
import { describe, expect, it } from 'vitest';
import {
	BASELINE_GGUF_URL, advancedJob, baselineJob, baselinePlan, defaultName, emptyAdvancedForm, filmJob, resumeJob, sourceOfUrl, targetFor
} from '$lib/app/model-presets';
import { errorView, pickedFilesProblem, progressLine, storedConversionView } from '$lib/app/convert-messages';
import { mistralLibrary } from '$lib/engines/webllm/models';
import { ConvertError } from '$lib/convert/types';
import { CONVERSION_STATE_VERSION, type ConversionState } from '$lib/convert/run/state';
import type { WebGpuStatus } from '$lib/webgpu';

const gpu = (shaderF16: boolean): WebGpuStatus => ({
	available: true, vendor: 'nvidia', architecture: 'hopper', description: '', shaderF16, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31, isFallbackAdapter: false
});
const none: WebGpuStatus = { available: false, reason: 'no adapter' };

describe('the FILM-7B preset', () => {
	it('converts In2Training/FILM-7B from the Hub into the quantization this GPU runs, on web-llm’s Mistral library', () => {
		expect(filmJob(gpu(true))).toEqual({
			source: { kind: 'hf', repo: 'In2Training/FILM-7B' },
			target: 'q4f16_1',
			library: { url: mistralLibrary('q4f16_1') },
			modelId: 'FILM-7B-q4f16_1-converted',
			label: 'FILM-7B',
			webllm: '0.2.86'
		});
		for (const g of [gpu(false), none, null]) expect(filmJob(g)).toMatchObject({ target: 'q4f32_1', library: { url: mistralLibrary('q4f32_1') }, modelId: 'FILM-7B-q4f32_1-converted' });
		expect(targetFor(gpu(false)).reason).toMatch(/no 16-bit shaders: using q4f32_1/);
		// A Hub other than huggingface.co (the tests', a mirror) and test-sized shards pass through.
		expect(filmJob(null, { endpoint: 'http://127.0.0.1:9/', shardBytes: 65536 })).toMatchObject({ endpoint: 'http://127.0.0.1:9/', shardBytes: 65536 });
		expect(filmJob(null)).not.toHaveProperty('token');
	});
});

describe('the baseline preset', () => {
	it('is web-llm’s own q4f16_1 build where the GPU has 16-bit shaders: nothing to convert', () => {
		const p = baselinePlan(gpu(true));
		expect(p.kind).toBe('prebuilt');
		if (p.kind !== 'prebuilt') return;
		expect(p.spec.id).toBe('Mistral-7B-Instruct-v0.2-q4f16_1-MLC');
		expect(p.spec.record.required_features).toEqual(['shader-f16']);
		expect(p.spec.maxContext).toBe(32768);
		expect(baselinePlan(gpu(false))).toMatchObject({ kind: 'convert', target: 'q4f32_1' });
		expect(baselinePlan(null).kind).toBe('convert');
	});

	it('converts to q4f32_1 from web-llm’s MLC folder by default, from Mistral’s gated repository with a token, or from a GGUF', () => {
		const common = { target: 'q4f32_1', library: { url: mistralLibrary('q4f32_1') }, modelId: 'Mistral-7B-Instruct-v0.2-q4f32_1-converted', label: 'Mistral-7B-Instruct-v0.2', webllm: '0.2.86' };
		expect(baselineJob('mlc')).toEqual({ ...common, source: { kind: 'hf', repo: 'mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC' } });
		expect(baselineJob('hf', {}, { token: '  hf_abc ' })).toEqual({ ...common, source: { kind: 'hf', repo: 'mistralai/Mistral-7B-Instruct-v0.2' }, token: 'hf_abc' });
		expect(baselineJob('hf')).not.toHaveProperty('token');
		// The token is for Mistral's repository only.
		expect(baselineJob('mlc', {}, { token: 'hf_abc' })).not.toHaveProperty('token');
		// A Hub GGUF URL is read as a Hub source (pinned to a commit, checked against the publisher's SHA-256).
		expect(baselineJob('gguf').source).toEqual({ kind: 'hf', repo: BASELINE_GGUF_URL });
		expect(baselineJob('gguf', {}, { ggufUrl: 'https://files.example.org/m.Q8_0.gguf' }).source).toEqual({ kind: 'url', url: 'https://files.example.org/m.Q8_0.gguf' });
		expect(sourceOfUrl('http://127.0.0.1:9/t/m/resolve/main/x.gguf', 'http://127.0.0.1:9')).toEqual({ kind: 'hf', repo: 'http://127.0.0.1:9/t/m/resolve/main/x.gguf' });
	});
});

describe('the advanced form', () => {
	const form = (over: Partial<ReturnType<typeof emptyAdvancedForm>>) => ({ ...emptyAdvancedForm(), ...over });

	it('says what each empty or wrong field needs', () => {
		expect(advancedJob(form({}), null)).toEqual({ ok: false, errors: { repo: expect.stringMatching(/owner\/name/) } });
		expect(advancedJob(form({ kind: 'url', url: 'ftp://x' }), null)).toMatchObject({ ok: false, errors: { url: expect.any(String) } });
		expect(advancedJob(form({ kind: 'files' }), null)).toMatchObject({ ok: false, errors: { files: expect.stringMatching(/config\.json/) } });
		expect(advancedJob(form({ repo: 'a/b', libraryUrl: 'lib.wasm' }), null)).toMatchObject({ ok: false, errors: { libraryUrl: expect.any(String) } });
	});

	it('builds a job for a repository at a revision with a token, a URL, or picked files, into any library', () => {
		const r = advancedJob(form({ repo: ' someone/FILM-7B-copy ', revision: 'v1', token: 'hf_x', target: 'q4f16_1', libraryUrl: 'https://libs.example.org/m.wasm', name: 'Copy' }), gpu(false));
		expect(r).toEqual({
			ok: true,
			job: {
				source: { kind: 'hf', repo: 'someone/FILM-7B-copy', revision: 'v1' },
				target: 'q4f16_1',
				library: { url: 'https://libs.example.org/m.wasm' },
				modelId: 'Copy-q4f16_1-converted',
				label: 'Copy',
				webllm: '0.2.86',
				token: 'hf_x'
			}
		});
		const url = advancedJob(form({ kind: 'url', url: 'https://example.org/m/model.Q4_K_M.gguf', token: 'ignored' }), gpu(true));
		expect(url.ok && url.job).toMatchObject({ source: { kind: 'url', url: 'https://example.org/m/model.Q4_K_M.gguf' }, target: 'q4f16_1', label: 'model.Q4_K_M' });
		expect(url.ok && url.job).not.toHaveProperty('token');
		const file = new File(['x'], 'FILM-7B.Q8_0.gguf');
		const files = advancedJob(form({ kind: 'files', files: [file] }), null);
		expect(files.ok && files.job.source).toEqual({ kind: 'files', files: [file] });
		expect(defaultName(form({ repo: 'https://huggingface.co/In2Training/FILM-7B/tree/main' }))).toBe('FILM-7B');
	});
});

function state(over: Partial<ConversionState> = {}, request: Partial<ConversionState['request']> = {}): ConversionState {
	return {
		schemaVersion: CONVERSION_STATE_VERSION,
		request: {
			modelId: 'FILM-7B-q4f32_1-converted', label: 'FILM-7B', target: 'q4f32_1', sourceLabel: 'In2Training/FILM-7B@0123456',
			source: { kind: 'hf', repo: 'In2Training/FILM-7B', revision: 'main', file: null, endpoint: null, gated: false },
			library: { url: mistralLibrary('q4f32_1'), sha256: 'a'.repeat(64) },
			...request
		},
		planDigest: 'e'.repeat(64), commit: '0123456789abcdef0123456789abcdef01234567', createdAt: '2026-12-01T08:00:00.000Z', updatedAt: '2026-12-01T09:00:00.000Z',
		status: 'running', lastError: null, shardsTotal: 130, doneShards: [0, 1, 2], files: [], fileSha256: [], stats: {}, readBytes: 2_500_000_000, activeS: 600,
		...over
	};
}

describe('resuming a stored conversion', () => {
	it('reads the commit it started from, with the same library, target and id', () => {
		expect(resumeJob(state())).toEqual({
			ok: true,
			job: {
				source: { kind: 'hf', repo: 'In2Training/FILM-7B', revision: '0123456789abcdef0123456789abcdef01234567' },
				target: 'q4f32_1', library: { url: mistralLibrary('q4f32_1') }, modelId: 'FILM-7B-q4f32_1-converted', label: 'FILM-7B', webllm: '0.2.86'
			}
		});
	});

	it('asks again for a gated repository’s token and for picked files, which are never stored', () => {
		const gated = state({}, { source: { kind: 'hf', repo: 'mistralai/Mistral-7B-Instruct-v0.2', revision: null, file: null, endpoint: 'http://127.0.0.1:9', gated: true } });
		expect(resumeJob(gated)).toEqual({ ok: false, error: expect.stringMatching(/gated: paste your Hugging Face access token/) });
		expect(resumeJob(gated, {}, { token: 'hf_y' })).toMatchObject({ ok: true, job: { token: 'hf_y', endpoint: 'http://127.0.0.1:9' } });
		const picked = state({}, { source: { kind: 'files', names: ['config.json', 'model.safetensors'], sizes: [10, 400] } });
		expect(resumeJob(picked, {}, { files: [new File(['0123456789'], 'config.json')] })).toEqual({ ok: false, error: 'Pick the same files as before: model.safetensors is missing.' });
		const files = [new File(['0123456789'], 'config.json'), new File([new Uint8Array(400)], 'model.safetensors')];
		expect(resumeJob(picked, {}, { files })).toMatchObject({ ok: true, job: { source: { kind: 'files', files } } });
		expect(pickedFilesProblem({ names: ['a'], sizes: [5] }, [{ name: 'a', size: 6 }])).toMatch(/a changed size/);
	});

	it('words a stored conversion: cut off by a reload, paused on an error it can get past, or failed', () => {
		expect(storedConversionView(state())).toMatchObject({ word: 'interrupted', resumable: true, error: null, needsFiles: null, needsToken: false });
		expect(storedConversionView(state()).detail).toBe('3 of 130 shards written, 2.5 GB of the source read; the page was closed before it finished');
		const dropped = storedConversionView(state({ status: 'paused', lastError: { kind: 'network', message: 'model-00002-of-00006.safetensors: the connection dropped', file: 'model-00002-of-00006.safetensors' } }));
		expect(dropped).toMatchObject({ word: 'paused', resumable: true, error: { title: 'The connection dropped', file: 'model-00002-of-00006.safetensors' } });
		const corrupt = storedConversionView(state({ status: 'failed', lastError: { kind: 'checksum', message: 'x: its SHA-256 is …', file: 'x' } }));
		expect(corrupt).toMatchObject({ word: 'failed', resumable: false, error: { title: 'A file is corrupted' } });
		// A stored error of a kind this app does not know is shown as it is, and not trusted to be resumable.
		expect(errorView({ kind: 'weird', message: 'm' })).toMatchObject({ kind: 'format', message: 'm', resumable: false });
	});
});

describe('what the page says', () => {
	it('shows each error kind with a headline, the worker’s message whole, and whether Resume or a token helps', () => {
		expect(errorView(new ConvertError('auth', 'x at main: HTTP 401 from the Hub: … paste an access token'))).toEqual({
			kind: 'auth', title: 'Access refused', message: 'x at main: HTTP 401 from the Hub: … paste an access token', file: null, resumable: false, askToken: true
		});
		expect(errorView(new ConvertError('quota', 'needs more'))).toMatchObject({ title: 'Not enough storage', resumable: true, askToken: false });
		expect(errorView(new ConvertError('truncated', 'f: ended', 'f'))).toMatchObject({ title: 'A file ended early', resumable: true, file: 'f' });
		expect(errorView(new ConvertError('cors', 'c'))).toMatchObject({ title: 'The host refused this page', resumable: false });
		expect(errorView(new ConvertError('not-found', 'n'))).toMatchObject({ title: 'Not found', resumable: false });
		expect(errorView(new Error('plain'))).toMatchObject({ kind: 'format', message: 'plain' });
	});

	it('says bytes, rate, time left, stage, file and shards while converting', () => {
		const p = { stage: 'converting' as const, doneBytes: 1.2e9, totalBytes: 29e9, bytesPerS: 85e6, etaS: 340, file: 'model-00002-of-00006.safetensors', shardsDone: 12, shardsTotal: 130 };
		expect(progressLine(p)).toBe('1.20 of 29.00 GB · 85.0 MB/s · about 5 min 40 s left · converting model-00002-of-00006.safetensors · shard 12 of 130 written');
		expect(progressLine({ ...p, stage: 'verifying', bytesPerS: null, etaS: null, file: null })).toBe('1.20 of 29.00 GB · verifying · shard 12 of 130 written');
	});
});
