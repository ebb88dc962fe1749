// `npm start`: install, build the static app, and serve build/ on localhost the way a static host would (every
// unknown page route gets 200.html), so deep links such as /run/<id> work, online and offline, as they will deployed.
import { execFileSync } from 'node:child_process';
import { ensureNodeModules } from './setup.mjs';
import { startStaticServer } from './static-server.mjs';

ensureNodeModules();
execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
const port = Number(process.env.PORT ?? '4173');
try {
	await startStaticServer('build', { port });
} catch (e) {
	const busy = e && typeof e === 'object' && 'code' in e && e.code === 'EADDRINUSE';
	console.error(busy ? `Port ${port} is in use: stop what uses it, or start on another port with PORT=4174 npm start.` : String(e));
	process.exit(1);
}
console.log(`\nServing the app at http://localhost:${port}/ (Ctrl+C to stop)\n`);
