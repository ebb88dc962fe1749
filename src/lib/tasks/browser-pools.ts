// Browser: FILM's pools are static files of the app (cached by the service worker for offline use).
import { loadPools, type FilmPools } from './pools';

let cached: Promise<FilmPools> | null = null;

export function browserPools(base = ''): Promise<FilmPools> {
	if (!cached) {
		cached = loadPools(async (file) => {
			const res = await fetch(`${base}/data/film/${file}`);
			if (!res.ok) throw new Error(`could not load the probe pool ${file} (HTTP ${res.status})`);
			return res.text();
		}).catch((e) => {
			cached = null;
			throw e;
		});
	}
	return cached;
}
