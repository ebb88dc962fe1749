// Converts public weights into web-llm's cache (src/lib/convert/browser/worker-server.ts does the work).
import { serveConvertWorker } from '$lib/convert/browser/worker-server';

serveConvertWorker();
