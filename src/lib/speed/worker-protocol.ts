// Messages of the speed check beside the engine's own worker protocol. They carry no numeric `id`, so the engine's
// client ignores them and the engine's server answers them with an id -1 error nobody waits for.
import type { SpeedRow } from './types';
import { isObject as isObj } from '$lib/util/guards';

export interface MeasureRequest {
	type: 'speed:measure';
	modelId: string;
	contextWindow: number;
	lengths: number[];
	decodeSteps: number;
	questionTokens: number;
	vocabSize: number;
	seed: number;
}

export type SpeedWorkerRequest = MeasureRequest | { type: 'speed:resources' };

export type SpeedWorkerMessage =
	| { type: 'speed:row'; row: SpeedRow }
	| { type: 'speed:done'; rows: SpeedRow[] }
	| { type: 'speed:failed'; error: string }
	| { type: 'speed:resources'; urls: string[] };

export function isSpeedMessage(v: unknown): v is SpeedWorkerMessage {
	if (!isObj(v) || typeof v.type !== 'string') return false;
	switch (v.type) {
		case 'speed:row':
			return isObj(v.row) && typeof v.row.n === 'number';
		case 'speed:done':
			return Array.isArray(v.rows);
		case 'speed:failed':
			return typeof v.error === 'string';
		case 'speed:resources':
			return Array.isArray(v.urls) && v.urls.every((u) => typeof u === 'string');
		default:
			return false;
	}
}

export function isMeasureRequest(v: unknown): v is MeasureRequest {
	if (!isObj(v) || v.type !== 'speed:measure' || typeof v.modelId !== 'string') return false;
	const ints = ['contextWindow', 'decodeSteps', 'questionTokens', 'vocabSize', 'seed'].every((k) => Number.isInteger(v[k]));
	return ints && Array.isArray(v.lengths) && v.lengths.every((n) => Number.isInteger(n) && n > 0);
}
