// The speed check on the app's web-llm (0.2.86): needs model libraries built for it (v0_2_80+).
import * as webllm from '@mlc-ai/web-llm';
import type { WebLlmModule } from '$lib/engines/webllm/module';
import { serveSpeedWorker } from './worker-hooks';
serveSpeedWorker(webllm as unknown as WebLlmModule);
