// `tokenizer.model`: a SentencePiece ModelProto. Field 1 is the repeated SentencePiece {piece = 1 (string),
// score = 2 (float), type = 3 (enum, NORMAL by default)}; the other fields (trainer and normalizer specs …) are
// skipped. The piece strings by id are what the converter compares against the library's tokenizer.
import { ConvertError } from '../types';
import { ProtoError, protoFields } from './protobuf';

export const PIECE_TYPES = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface SentencePiece {
	piece: string;
	score: number;
	type: number;
}

export function parseSentencePieceModel(bytes: Uint8Array, file = 'tokenizer.model'): SentencePiece[] {
	const fail = (why: string) => new ConvertError('format', `${file} is not a SentencePiece model (${why}): is it the right file?`, file);
	const text = new TextDecoder('utf-8', { fatal: true });
	const pieces: SentencePiece[] = [];
	try {
		for (const f of protoFields(bytes)) {
			if (f.field !== 1) continue;
			if (f.wire !== 2) throw fail(`field 1 has wire type ${f.wire}`);
			let piece: string | null = null;
			let score = 0;
			let type: number = PIECE_TYPES.normal;
			for (const g of protoFields(f.bytes)) {
				if (g.field === 1) {
					if (g.wire !== 2) throw fail(`piece ${pieces.length} has a non-string piece`);
					piece = text.decode(g.bytes);
				} else if (g.field === 2) {
					if (g.wire !== 5) throw fail(`piece ${pieces.length} has a non-float score`);
					score = new DataView(g.bytes.buffer, g.bytes.byteOffset, 4).getFloat32(0, true);
				} else if (g.field === 3) {
					if (g.wire !== 0) throw fail(`piece ${pieces.length} has a non-enum type`);
					type = g.varint;
				}
			}
			if (piece === null) throw fail(`piece ${pieces.length} has no string`);
			pieces.push({ piece, score, type });
		}
	} catch (e) {
		if (e instanceof ProtoError) throw fail(e.message);
		if (e instanceof TypeError) throw fail('a piece is not UTF-8');
		throw e;
	}
	if (pieces.length === 0) throw fail('no pieces');
	return pieces;
}

/** The piece strings by id. */
export function sentencePieceVocab(bytes: Uint8Array, file = 'tokenizer.model'): string[] {
	return parseSentencePieceModel(bytes, file).map((p) => p.piece);
}
