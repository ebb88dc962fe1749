// Node-only: read FILM's pools from the copy under static/data/film (the browser fetches the same files).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadPools, type FilmPools } from './pools';

export const POOL_DIR = fileURLToPath(new URL('../../../static/data/film/', import.meta.url));

let cached: Promise<FilmPools> | null = null;
export function nodePools(): Promise<FilmPools> {
	if (!cached) {
		cached = loadPools((file) => readFile(POOL_DIR + file, 'utf8')).catch((e) => {
			cached = null;
			throw e;
		});
	}
	return cached;
}
