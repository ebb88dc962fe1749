// FILM's published answers on VaLProbing-32K (microsoft/FILM @ 20ed4da, MIT; shipped under static/data/film/results/):
// one line per probe of the official files, in their order, skipped probes included. FILM-7B and Mistral write
// `{"samples": [text]}`, GPT-4-Turbo `{"sample": text}`. They carry no gold: scoring them needs the official files.
import type { ProbeTask } from '$lib/charts/paper';
import { isObject } from '$lib/util/guards';

export type { ProbeTask };

/** The official VaLProbing-32K file of each task (without `.jsonl`), and its rows. */
export const OFFICIAL_FILE_NAMES: Record<ProbeTask, string> = {
	document: 'document_bi_32k',
	code: 'code_backward_32k',
	database: 'database_forward_32k'
};
/** 4 sets × 800 / 800 / 750 positions (SPEC §2): the official files and the answer files have this many lines. */
export const OFFICIAL_ROWS: Record<ProbeTask, number> = { document: 3200, code: 3200, database: 3000 };

export interface PublishedModel {
	/** The model's name in the paper's Table 1. */
	model: string;
	/** Its folder under results/. */
	dir: string;
	/** The field its lines hold the answer in. */
	field: 'samples' | 'sample';
}

/** In the order of PUBLISHED_MODEL_NAMES (paper/models.ts). */
export const PUBLISHED_MODELS: readonly PublishedModel[] = [
	{ model: 'FILM-7B', dir: 'FILM-7B', field: 'samples' },
	{ model: 'Mistral-7B-Instruct-v0.2', dir: 'Mistral-7B-Instruct-v0.2', field: 'samples' },
	{ model: 'GPT-4-Turbo', dir: 'gpt4-turbo', field: 'sample' }
];

/** Where the app serves them (relative to the site root) and the CLI reads them (relative to static/). */
export const PUBLISHED_BASE = '/data/film/results/';

export function publishedFile(m: PublishedModel, task: ProbeTask): string {
	return `${m.dir}/sample_${OFFICIAL_FILE_NAMES[task]}.jsonl`;
}

export function officialTaskOf(fileName: string): ProbeTask | null {
	const base = fileName.replace(/^.*[\\/]/, '').replace(/\.jsonl$/i, '');
	const hit = (Object.entries(OFFICIAL_FILE_NAMES) as [ProbeTask, string][]).find(([, n]) => n === base);
	return hit ? hit[0] : null;
}

/** One answer per line, validated strictly against the model's own format; `file` names errors. */
export function parsePublishedAnswers(text: string, m: PublishedModel, file: string): string[] {
	const lines = text.split('\n');
	if (lines.length && lines[lines.length - 1] === '') lines.pop();
	return lines.map((line, i) => {
		const where = `${file}:${i + 1}`;
		let o: unknown;
		try {
			o = JSON.parse(line);
		} catch {
			throw new Error(`${where}: not valid JSON`);
		}
		if (!isObject(o)) throw new Error(`${where}: expected a JSON object`);
		const v = (o as Record<string, unknown>)[m.field];
		if (m.field === 'sample') {
			if (typeof v !== 'string') throw new Error(`${where}: expected {"sample": text}, as GPT-4-Turbo's file has`);
			return v;
		}
		if (!Array.isArray(v) || typeof v[0] !== 'string') throw new Error(`${where}: expected {"samples": [text]}, as ${m.model}'s file has`);
		return v[0];
	});
}
