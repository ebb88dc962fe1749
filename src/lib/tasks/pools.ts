// FILM's raw probe pools (MIT, microsoft/FILM @ 20ed4da; copied under static/data/film/) and their validation.

export interface SentenceRow {
	sentence: string;
	piece: string;
}
export interface FunctionRow {
	function_name: string;
	function_define: string;
	piece: string;
}
export interface EntityRow {
	id: string;
	label: string;
	dcpt: string;
}
export interface FilmPools {
	document: SentenceRow[];
	code: FunctionRow[];
	database: EntityRow[];
}

export const POOL_FILES = {
	document: 'document_sentences.jsonl',
	code: 'code_functions.jsonl',
	database: 'database_entities.jsonl'
} as const;

const FIELDS: { [K in keyof FilmPools]: string[] } = {
	document: ['sentence', 'piece'],
	code: ['function_name', 'function_define', 'piece'],
	database: ['id', 'label', 'dcpt']
};

/** Parse one pool file; every line must be an object with the pool's string fields. */
export function parsePool<K extends keyof FilmPools>(kind: K, text: string, file = POOL_FILES[kind]): FilmPools[K] {
	const rows: unknown[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i].trim();
		if (!line) continue;
		let row: unknown;
		try {
			row = JSON.parse(line);
		} catch {
			throw new Error(`${file}:${i + 1}: not valid JSON`);
		}
		const r = row as Record<string, unknown>;
		for (const f of FIELDS[kind]) {
			if (typeof r?.[f] !== 'string' || !(r[f] as string).length) {
				throw new Error(`${file}:${i + 1}: field "${f}" must be a non-empty string`);
			}
		}
		rows.push(row);
	}
	if (!rows.length) throw new Error(`${file}: no rows`);
	return rows as FilmPools[K];
}

/** Load the pools with a reader (fetch in the browser, fs in Node). */
export async function loadPools(read: (file: string) => Promise<string>): Promise<FilmPools> {
	const [document, code, database] = await Promise.all([
		read(POOL_FILES.document).then((t) => parsePool('document', t)),
		read(POOL_FILES.code).then((t) => parsePool('code', t)),
		read(POOL_FILES.database).then((t) => parsePool('database', t))
	]);
	return { document, code, database };
}
