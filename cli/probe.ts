// The `probe` command line: the same modules as the app, in Node.
import { UsageError } from './args';
import { buildCommand, BUILD_USAGE } from './commands/build';
import { importCommand, IMPORT_USAGE } from './commands/import';
import { scoreCommand, SCORE_USAGE } from './commands/score';
import { answerCommand, ANSWER_USAGE } from './commands/answer';
import { convertCommand, CONVERT_USAGE } from './commands/convert';
import { paperCommand, PAPER_USAGE } from './commands/paper';

const USAGE = ['usage: npm run probe -- <build|import|answer|score|paper|convert> [options]', BUILD_USAGE, IMPORT_USAGE, ANSWER_USAGE, SCORE_USAGE, PAPER_USAGE, CONVERT_USAGE].join('\n\n');

export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	const log = (s: string) => process.stderr.write(s + '\n');
	const print = (s: string) => process.stdout.write(s + '\n');
	try {
		switch (command) {
			case 'build':
				return await buildCommand(rest, log);
			case 'import':
				return await importCommand(rest, log);
			case 'score':
				return await scoreCommand(rest, log, print);
			case 'answer':
				return await answerCommand(rest);
			case 'convert':
				return await convertCommand(rest, log);
			case 'paper':
				return await paperCommand(rest, log, print);
			case undefined:
			case 'help':
			case '--help':
				print(USAGE);
				return command ? 0 : 2;
			default:
				throw new UsageError(`unknown command ${JSON.stringify(command)}`);
		}
	} catch (e) {
		log(`probe ${command ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
		if (e instanceof UsageError) log('\n' + USAGE);
		return e instanceof UsageError ? 2 : 1;
	}
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli/probe.ts')) {
	main(process.argv.slice(2)).then((code) => process.exit(code));
}
