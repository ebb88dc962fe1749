// Browser tests reach two real OpenAI-compatible servers on 127.0.0.1 started here, in Node: one that allows the
// test page's origin (CORS on) and one that does not, so the engine's CORS message is tested for real.
import type { TestProject } from 'vitest/node';
import { startOpenAiTestServer } from './openai-server';

declare module 'vitest' {
	export interface ProvidedContext {
		openaiUrl: string;
		openaiNoCorsUrl: string;
	}
}

export default async function setup(project: TestProject) {
	const open = await startOpenAiTestServer({ cors: true, apiKey: 'sk-test-browser' });
	const closed = await startOpenAiTestServer({ cors: false });
	project.provide('openaiUrl', open.url);
	project.provide('openaiNoCorsUrl', closed.url);
	return async () => {
		await open.close();
		await closed.close();
	};
}
