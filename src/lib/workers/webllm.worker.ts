import * as webllm from '@mlc-ai/web-llm';
import { serveWebLlmWorker } from '$lib/engines/webllm/worker-server';
serveWebLlmWorker(webllm);
