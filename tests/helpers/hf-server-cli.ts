// Serves a folder as a local Hugging Face Hub, for manual runs and the GPU rig:
//   npx tsx tests/helpers/hf-server-cli.ts --root DIR [--port 8090] [--token T] [--no-cors] [--delay-ms N]
//     [--chunk-delay-ms N] [--ignore-range] [--not-found FILE]… [--truncate FILE=N]… [--drop-after FILE=N]… (N: the byte of the file where a connection is cut, once)
// A folder DIR/<owner>/<name>/ is the repository <owner>/<name>: /api/models/<owner>/<name>/revision/main and
// /<owner>/<name>/resolve/main/<file>; any file is also at /<path>.
import { startHfServer, type HfServerOptions } from './hf-server';

function parse(argv: string[]): HfServerOptions {
	const o: HfServerOptions = { root: '', port: 8090, faults: {} };
	const f = o.faults!;
	const pair = (flag: string, v: string | undefined): [string, number] => {
		const m = /^(.+)=(\d+)$/.exec(v ?? '');
		if (!m) throw new Error(`${flag} needs FILE=N`);
		return [m[1], Number(m[2])];
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--root') o.root = next();
		else if (a === '--port') o.port = Number(next());
		else if (a === '--token') o.token = next();
		else if (a === '--no-cors') o.cors = false;
		else if (a === '--delay-ms') f.delayMs = Number(next());
		else if (a === '--chunk-delay-ms') f.chunkDelayMs = Number(next());
		else if (a === '--ignore-range') f.ignoreRange = true;
		else if (a === '--not-found') (f.notFound ??= []).push(next());
		else if (a === '--truncate') Object.assign((f.truncate ??= {}), Object.fromEntries([pair(a, next())]));
		else if (a === '--drop-after') Object.assign((f.dropAfter ??= {}), Object.fromEntries([pair(a, next())]));
		else throw new Error(`unknown option ${a}`);
	}
	if (!o.root) throw new Error('--root DIR is required');
	return o;
}

const server = await startHfServer(parse(process.argv.slice(2)));
console.log(`Hub test server at ${server.url}`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
