// Notices a lost GPU device. web-llm reacts to `device.lost` by unloading its pipeline, after which requests fail
// with errors about deleted objects that say nothing to a user; the worker asks this watch first and answers with
// the engine's own "device lost" error, which offers a reload.
import type { ModelRuntime } from './runtime';

export interface DeviceWatch {
	/** Why the device was lost, or null while it is fine. */
	readonly lost: string | null;
}

export function watchDevice(rt: Pick<ModelRuntime, 'device' | 'isLoaded'>): DeviceWatch {
	const state: { lost: string | null } = { lost: null };
	const device = rt.device;
	void device?.lost?.then((info) => {
		state.lost = info?.message || info?.reason || 'the GPU device was lost';
	});
	return {
		get lost() {
			if (state.lost) return state.lost;
			// web-llm drops the pipeline when it sees the loss; an engine that had one and now has none lost it.
			return device && rt.isLoaded() === false ? 'the model was unloaded after a GPU device loss' : null;
		}
	};
}

export function deviceLostError(reason: string): Error {
	return Object.assign(new Error(`GPU device lost: ${reason}`), { name: 'DeviceLostError' });
}
