// The small FILM-format probe fixture (tests/fixtures/probes/film-mini.jsonl) and each row's right answer.
import { readFileSync } from 'node:fs';

export interface FixtureRow {
	id: string;
	prompt: string;
	completion?: string;
	label?: string;
	description?: string;
}

export const FILM_MINI = new URL('../fixtures/probes/film-mini.jsonl', import.meta.url);

export const rows: FixtureRow[] = readFileSync(FILM_MINI, 'utf8')
	.trim()
	.split('\n')
	.map((l) => JSON.parse(l) as FixtureRow);

export const gold = (r: FixtureRow): string => r.completion ?? `${r.label}, ${r.description}`;
