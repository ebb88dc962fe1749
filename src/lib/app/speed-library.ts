// Which file the speed check fetches, said before it runs: the model library of the record it will measure (or
// the one the URL names), its file name and host. Weights are never fetched: they are generated in the browser.
import type { SpeedParams } from '$lib/speed/params';
import { selectModel } from '$lib/speed/select';
import type { WebGpuStatus } from '$lib/webgpu';

export type SpeedLibrary = { url: string; file: string; host: string } | { error: string };

export function speedLibrary(p: Pick<SpeedParams, 'model' | 'quant' | 'lib' | 'seed'>, gpu: WebGpuStatus, origin: string): SpeedLibrary {
	let url = p.lib;
	if (!url) {
		if (p.model === 'custom') return { error: 'model=custom needs lib=URL of a model library' };
		try {
			url = selectModel({ model: p.model, quant: p.quant, libUrl: null, weightsUrl: 'about:blank', seed: p.seed }, gpu).spec.record.model_lib;
		} catch (e) {
			return { error: (e as Error).message };
		}
	}
	try {
		const u = new URL(url, origin);
		return { url: u.toString(), file: decodeURIComponent(u.pathname.split('/').pop() || u.pathname), host: u.host };
	} catch {
		return { error: `the library URL ${url} cannot be read` };
	}
}
