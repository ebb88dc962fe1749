// Makes and stores one shard of synthetic weights per message (see shard-pool.ts).
import { writeShardHere, type ShardJob } from './synthetic-idb';

self.addEventListener('message', (ev: MessageEvent) => {
	const job = ev.data as ShardJob;
	writeShardHere(job).then(
		() => self.postMessage({ url: job.url }),
		(e: unknown) => self.postMessage({ url: job.url, error: e instanceof Error ? e.message : String(e) })
	);
});
