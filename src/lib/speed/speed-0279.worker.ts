// The speed check on web-llm 0.2.79, the twin for v0_2_48 model libraries (the only ones at hand for the GPU run).
import * as webllm from 'web-llm-0279';
import type { WebLlmModule } from '$lib/engines/webllm/module';
import { serveSpeedWorker } from './worker-hooks';
serveSpeedWorker(webllm as unknown as WebLlmModule);
