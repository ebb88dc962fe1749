// The project's worker engine on web-llm 0.2.79: the only model libraries available here (v0_2_48) pair with 0.2.79,
// while the app ships 0.2.86. Same serveWebLlmWorker, other module.
//
// Test-only additions (engines are captured by subclassing MLCEngine; nothing of the engine under test changes):
// - `{ type: 'test:destroy-device' }` destroys the GPUDevice of the loaded model, as the web-llm boundary reaches it
//   (openRuntime(…).device) — the way a real device loss (driver reset, OOM) looks to web-llm.
// - `{ type: 'test:self-check', prompt }` runs the engine's own runSelfCheck over its own internals bridge with a
//   prompt this model's tokenizer can read, for as long as the client's selfCheck() takes no prompt (the default
//   English prompt is all <unk> under a generated vocabulary, so both questions would be the same tokens).
import * as webllm from 'web-llm-0279';
import { serveWebLlmWorker } from '$lib/engines/webllm/worker-server';
import type { WebLlmModule } from '$lib/engines/webllm/module';
import { loadedModelIds, openRuntime, type GpuDeviceLike } from '$lib/engines/webllm/runtime';
import { runSelfCheck, type SelfCheckPrompt } from '$lib/engines/webllm/kv/self-check';

type EngineConfig = ConstructorParameters<typeof webllm.MLCEngine>[0];
const engines: webllm.MLCEngine[] = [];

class TappedEngine extends webllm.MLCEngine {
	constructor(config?: EngineConfig) {
		super(config);
		engines.push(this);
	}
}

function loadedEngine(): { engine: webllm.MLCEngine; modelId: string } | null {
	for (const engine of [...engines].reverse()) {
		const [modelId] = loadedModelIds(engine);
		if (modelId !== undefined) return { engine, modelId };
	}
	return null;
}

async function selfCheckWith(prompt: SelfCheckPrompt) {
	const l = loadedEngine();
	if (!l) throw new Error('no loaded model');
	const r = openRuntime(l.engine, l.modelId, { addBos: false, contextWindow: 4096 }).kv;
	if (!r.ok) throw new Error(`internals missing: ${r.missing.join(', ')}`);
	return runSelfCheck(r.backend, prompt);
}

function loadedDevice(): GpuDeviceLike | null {
	const l = loadedEngine();
	return l ? openRuntime(l.engine, l.modelId, { addBos: false, contextWindow: 4096 }).device : null;
}

self.addEventListener('message', (ev: MessageEvent) => {
	const data = ev.data as { type?: unknown; prompt?: SelfCheckPrompt } | null;
	if (data?.type === 'test:self-check' && data.prompt) {
		selfCheckWith(data.prompt).then(
			(report) => self.postMessage({ type: 'test:self-check-report', ok: true, report }),
			(e: unknown) => self.postMessage({ type: 'test:self-check-report', ok: false, detail: String(e) })
		);
		return;
	}
	if (data?.type !== 'test:destroy-device') return;
	const device = loadedDevice();
	if (!device?.lost || !device.destroy) return self.postMessage({ type: 'test:device-destroyed', ok: false, detail: 'no loaded pipeline with a GPU device' });
	device.lost.then((info) => self.postMessage({ type: 'test:device-destroyed', ok: true, detail: `${info.reason ?? ''}: ${info.message ?? ''}` }));
	device.destroy();
});

const module: WebLlmModule = { ...webllm, MLCEngine: TappedEngine };
serveWebLlmWorker(module);
