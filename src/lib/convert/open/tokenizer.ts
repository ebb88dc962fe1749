// The source's vocabulary: tokenizer.json when there is one (kept as text too, for families that copy it), else
// SentencePiece's tokenizer.model (FILM-7B ships only that), else none.
import { sentencePieceVocab } from '../formats/sentencepiece';
import { tokenizerJsonVocab } from '../formats/tokenizer-json';
import { has, readText, readWhole, type OpenContext } from './context';

export interface SourceVocab {
	vocab: string[] | null;
	tokenizerJson: string | null;
}

export async function readVocab(ctx: OpenContext): Promise<SourceVocab> {
	if (await has(ctx, 'tokenizer.json')) {
		const text = await readText(ctx, 'tokenizer.json');
		return { vocab: tokenizerJsonVocab(text), tokenizerJson: text };
	}
	if (await has(ctx, 'tokenizer.model')) return { vocab: sentencePieceVocab(await readWhole(ctx, 'tokenizer.model')), tokenizerJson: null };
	return { vocab: null, tokenizerJson: null };
}
