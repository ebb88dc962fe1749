// `npm start`: install, build the static app, and serve it on localhost.
import { execFileSync } from 'node:child_process';
import { ensureNodeModules } from './setup.mjs';

ensureNodeModules();
execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
const port = process.env.PORT ?? '4173';
console.log(`\nServing the app at http://localhost:${port}/ (Ctrl+C to stop)\n`);
execFileSync('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], { stdio: 'inherit' });
