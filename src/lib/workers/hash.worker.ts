// One source file's SHA-256 during a conversion (src/lib/convert/run/hash-server.ts does the work).
import { serveHashWorker } from '$lib/convert/run/hash-server';

serveHashWorker();
