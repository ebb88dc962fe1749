// The static host the app ships with (scripts/static-server.mjs, which `npm start` runs): build/ with the 200.html
// fallback. Tests and benchmarks import it from here.
export { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs';
