// Starts the OpenAI-compatible test server on a fixed port, for end-to-end and manual runs:
//   npx tsx tests/helpers/openai-server-cli.ts --port 8089 [--api-key K] [--model M]… [--no-completions]
//                                                          [--forget-middle 0.6] [--seed 1] [--piece-delay-ms 5] [--cors]
import { startOpenAiTestServer, type OpenAiTestServerOptions } from './openai-server';

function parse(argv: string[]): OpenAiTestServerOptions {
	const o: OpenAiTestServerOptions = { port: 8089 };
	const models: string[] = [];
	let forget: number | undefined;
	let seed = 1;
	const num = (flag: string, v: string | undefined): number => {
		const n = Number(v);
		if (v === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--port') o.port = num(a, argv[++i]);
		else if (a === '--api-key') o.apiKey = argv[++i];
		else if (a === '--model') models.push(argv[++i]);
		else if (a === '--no-completions') o.completions = false;
		else if (a === '--cors') o.cors = true;
		else if (a === '--forget-middle') forget = num(a, argv[++i]);
		else if (a === '--seed') seed = num(a, argv[++i]);
		else if (a === '--piece-delay-ms') o.pieceDelayMs = num(a, argv[++i]);
		else throw new Error(`unknown option ${a}`);
	}
	if (models.length > 0) o.models = models;
	if (forget !== undefined) o.forgetMiddle = { probability: forget, seed };
	return o;
}

const server = await startOpenAiTestServer(parse(process.argv.slice(2)));
console.log(`OpenAI-compatible test server at ${server.url}`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
