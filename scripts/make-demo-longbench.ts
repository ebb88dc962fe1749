// Writes static/demo/longbench/demo.jsonl: an offline LongBench-format demo set of invented documents
// (a chronicle, a registry, encyclopaedia-style passages, an audit report) with questions whose answers sit at
// chosen depths. Everything is generated from a seed; rerunning gives byte-identical output.
//   npx tsx scripts/make-demo-longbench.ts [--seed 7] [--out static/demo/longbench/demo.jsonl]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';

type Rng = () => number;
function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), a | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const arg = (name: string, fallback: string) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
};
const SEED = Number(arg('seed', '7'));
const OUT = arg('out', 'static/demo/longbench/demo.jsonl');
const rng = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

// ---- names: syllable-built, unique, and reserved once a fact uses them, so no answer appears twice ----
const SYL = ['ka', 'mar', 'en', 'tol', 'li', 'ver', 'bren', 'wick', 'os', 'rin', 'dun', 'cairn', 'as', 'low', 'hal', 'dor',
	'vel', 'moor', 'ith', 'sar', 'gal', 'ton', 'mer', 'ric', 'ol', 'wen', 'thar', 'ul', 'fen', 'ray', 'cor', 'bel', 'nis', 'ta'];
const used = new Set<string>();
function word(parts: number): string {
	for (;;) {
		let w = '';
		for (let i = 0; i < parts; i++) w += pick(SYL);
		w = w[0].toUpperCase() + w.slice(1);
		if (!used.has(w) && w.length >= 4 && w.length <= 11) {
			used.add(w);
			return w;
		}
	}
}
const person = () => `${word(2)} ${word(3)}`;
const town = () => word(3);
const ship = () => `the ${pick(['Grey', 'Silver', 'Red', 'Swift', 'Old', 'North'])} ${word(2)}`;

// ---- filler: varied but uninformative sentences about a place and time ----
const SEASONS = ['spring', 'summer', 'autumn', 'winter'];
const filler: ((place: string, year: number) => string)[] = [
	(p, y) => `In the ${pick(SEASONS)} of the year ${y}, the fields around ${p} gave ${int(200, 900)} carts of barley, and the millers complained of the damp.`,
	(p) => `A market was held in ${p} every ${pick(['second', 'third', 'fourth'])} day, where wool, salt fish and ${pick(['copper pots', 'rope', 'lamp oil', 'dyed cloth'])} changed hands.`,
	(p) => `The road between ${p} and ${town()} was ${pick(['flooded', 'repaired', 'widened', 'rutted'])} that year, and travellers took ${int(2, 6)} days over it.`,
	(p) => `${person()} of ${p} was fined ${int(3, 40)} shillings for ${pick(['letting goats into the orchard', 'selling short measures', 'a quarrel at the quay', 'an unlicensed ferry'])}.`,
	(p) => `Storms from the ${pick(['west', 'north-west', 'south'])} broke ${int(2, 14)} boats in the harbour of ${p}, and the town raised a collection for the families.`,
	(p) => `The council of ${p} met ${int(3, 12)} times and spoke mostly of ${pick(['drains', 'the tithe', 'the bridge tolls', 'the common grazing', 'the night watch'])}.`,
	(p) => `A travelling ${pick(['tinker', 'preacher', 'surveyor', 'physician'])} named ${person()} stayed in ${p} for ${int(2, 9)} weeks before moving on.`,
	(p) => `The price of salt in ${p} rose to ${int(2, 9)} pence the measure, and the fishers salted less than usual.`,
	(p) => `Children in ${p} were taught letters by ${person()}, who kept the school in a room above the ${pick(['chandlery', 'cooper’s shop', 'old granary', 'guild hall'])}.`,
	(p) => `Sickness among the cattle of ${p} took ${int(10, 70)} head before the frost ended it.`
];
function paragraph(place: string, year: number, sentences: number): string {
	return Array.from({ length: sentences }, () => pick(filler)(place, year)).join(' ');
}

interface Fact {
	text: string;
	question: string;
	answer: string;
}
const facts: (() => Fact)[] = [
	() => {
		const who = person(), where = town();
		return { text: `That year ${who} took over the lighthouse at ${where} Point and kept its lamp lit through every storm.`, question: `Who took over the lighthouse at ${where} Point?`, answer: who };
	},
	() => {
		const s = ship(), where = town();
		return { text: `The ship ${s.slice(4)} was launched from the shipyard at ${where}, the largest vessel the yard had ever built.`, question: `From which town's shipyard was the ship ${s.slice(4)} launched?`, answer: where };
	},
	() => {
		const where = town(), n = int(600, 2400);
		return { text: `A bronze bell weighing ${n} pounds was hung in the tower of ${where}, paid for by the wool merchants.`, question: `How many pounds did the bronze bell hung in the tower of ${where} weigh?`, answer: String(n) };
	},
	() => {
		const fest = word(2), where = town();
		return { text: `The Festival of ${fest} was first held in ${where}, with lanterns floated down the river at dusk.`, question: `In which town was the Festival of ${fest} first held?`, answer: where };
	},
	() => {
		const who = person(), guild = pick(['Coopers', 'Ropemakers', 'Salters', 'Weavers', 'Chandlers']);
		return { text: `The Guild of ${guild} chose ${who} as its warden after the old warden drowned.`, question: `Whom did the Guild of ${guild} choose as its warden?`, answer: who };
	}
];

interface Doc {
	dataset: string;
	target: number;
	kind: 'chronicle' | 'registry' | 'passages' | 'report';
	depths: number[];
}
const DOCS: Doc[] = [
	{ dataset: 'narrativeqa', kind: 'chronicle', target: 8000, depths: [0.1, 0.4, 0.65, 0.9] },
	{ dataset: 'multifieldqa_en', kind: 'registry', target: 12000, depths: [0.2, 0.5, 0.8] },
	{ dataset: 'hotpotqa', kind: 'passages', target: 16000, depths: [0.15, 0.55, 0.85] },
	{ dataset: 'narrativeqa', kind: 'chronicle', target: 24000, depths: [0.05, 0.5, 0.95] },
	{ dataset: '2wikimqa', kind: 'passages', target: 29000, depths: [0.3, 0.75] },
	{ dataset: 'gov_report', kind: 'report', target: 10000, depths: [] }
];

/** A block of filler text for the document's kind. */
function block(kind: Doc['kind'], i: number): string {
	const place = town();
	const year = 400 + i;
	if (kind === 'chronicle') return `Year ${year}. ${paragraph(place, year, int(3, 6))}`;
	if (kind === 'registry') return `Register entry ${i + 1}: ${place}\nPopulation: ${int(200, 9000)}. ${paragraph(place, year, int(2, 4))}`;
	if (kind === 'passages') return `${place}\n${place} is a ${pick(['harbour town', 'market town', 'river village', 'hill fort'])} of the Brennic Isles. ${paragraph(place, year, int(2, 4))}`;
	return `Finding ${i + 1}. ${paragraph(place, year, int(3, 5))}`;
}

function render(kind: Doc['kind'], blocks: string[]): string {
	return kind === 'passages' ? blocks.map((b, i) => `Passage ${i + 1}:\n${b}`).join('\n') : blocks.join('\n\n');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWordCount = (text: string, w: string) => text.match(new RegExp(`(?<![\\p{L}\\p{N}_])${escape(w)}(?![\\p{L}\\p{N}_])`, 'gu'))?.length ?? 0;

function buildDoc(tok: TextTokenizer, doc: Doc, docIndex: number) {
	// Filler first, to just over the target; then the facts go in at their depths; then trim back to the target.
	const blocks: string[] = [];
	let estimate = 0;
	while (estimate < doc.target * 1.06) {
		const b = block(doc.kind, blocks.length);
		blocks.push(b);
		estimate += tok.encode(b).length + 4;
	}
	const rows: { input: string; answers: string[] }[] = [];
	const questions = new Set<string>();
	const inserts: { at: number; text: string }[] = [];
	for (const depth of doc.depths) {
		const at = Math.round(depth * blocks.length);
		if (doc.kind === 'passages') {
			// two hops, in passages far apart: the ship's captain, then the captain's birthplace
			const s = ship().slice(4), captain = person(), born = town();
			inserts.push({ at, text: `${s}\n${s} was a cargo ship of the Brennic Isles. In its best years it was captained by ${captain}.` });
			inserts.push({ at: Math.round(((depth + 0.35) % 1) * blocks.length), text: `${captain}\n${captain} was a sea captain, born in ${born} and buried at sea.` });
			rows.push({ input: `In which town was the captain of the ship ${s} born?`, answers: [born] });
			continue;
		}
		let f = pick(facts)();
		while (questions.has(f.question)) f = pick(facts)();
		questions.add(f.question);
		blocks[Math.min(at, blocks.length - 1)] += ` ${f.text}`; // inside that year's / entry's paragraph
		rows.push({ input: f.question, answers: [f.answer] });
	}
	const fixed = new Set<string>(inserts.map((x) => x.text));
	inserts.sort((a, b) => b.at - a.at).forEach(({ at, text }) => blocks.splice(at, 0, text));
	if (doc.kind === 'report') {
		const findings = [`spending on harbour repairs rose by ${int(20, 80)} percent in four years`, `${int(3, 9)} of the island ferries ran without a current licence`, `the salt tax was collected late in ${int(5, 12)} towns`];
		const head = `Report of the Harbour Audit Office of the Brennic Isles.\nThe Office found that ${findings.join(', that ')}. It recommends open tenders for repairs and a single register of ferry licences.`;
		blocks.unshift(head);
		fixed.add(head);
		rows.push({ input: '', answers: [`The Harbour Audit Office found that ${findings[0]}. It also found that ${findings[1]} and that ${findings[2]}. The Office recommends open tenders for repairs and a single register of ferry licences.`] });
	}
	// Trim plain filler from the end until the exact count is within 2% over the target.
	let context = render(doc.kind, blocks);
	let tokens = tok.encode(context).length;
	while (tokens > doc.target * 1.02) {
		const last = blocks.findLastIndex((b) => !fixed.has(b) && !rows.some((r) => r.answers.some((a) => b.includes(a))));
		blocks.splice(last, 1);
		context = render(doc.kind, blocks);
		tokens = tok.encode(context).length;
	}
	if (tokens < doc.target) throw new Error(`document ${docIndex} came out at ${tokens} tokens, under ${doc.target}`);
	if (doc.kind !== 'report')
		for (const r of rows) {
			const n = wholeWordCount(context, r.answers[0]);
			if (n !== 1) throw new Error(`answer "${r.answers[0]}" occurs ${n} times in document ${docIndex}; try another --seed`);
		}
	return rows.map((r, q) => ({
		input: r.input,
		context,
		answers: r.answers,
		length: context.split(/\s+/).length,
		dataset: doc.dataset,
		language: 'en',
		all_classes: null,
		_id: `demo-${docIndex + 1}-q${q + 1}`,
		context_tokens: tokens
	}));
}

const tok = await nodeMistralTokenizer();
const rows = DOCS.flatMap((d, i) => buildDoc(tok, d, i));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
for (const r of rows) console.log(`${r._id}\t${r.dataset}\t${r.context_tokens} tokens\t${r.input || '(summary)'} → ${r.answers[0].slice(0, 60)}`);
