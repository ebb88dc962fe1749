// ggml's tensor type ids (ggml.h, `enum ggml_type`): the ones the converter reads, and the names of the rest so a
// refusal can say which type a tensor has.
import type { SourceDType } from '../types';

export const GGML_READ: Readonly<Record<number, SourceDType>> = {
	0: 'F32',
	1: 'F16',
	2: 'Q4_0',
	8: 'Q8_0',
	12: 'Q4_K',
	13: 'Q5_K',
	14: 'Q6_K',
	30: 'BF16'
};

const OTHER_NAMES: Readonly<Record<number, string>> = {
	3: 'Q4_1', 4: 'Q4_2', 5: 'Q4_3', 6: 'Q5_0', 7: 'Q5_1', 9: 'Q8_1', 10: 'Q2_K', 11: 'Q3_K', 15: 'Q8_K',
	16: 'IQ2_XXS', 17: 'IQ2_XS', 18: 'IQ3_XXS', 19: 'IQ1_S', 20: 'IQ4_NL', 21: 'IQ3_S', 22: 'IQ2_S', 23: 'IQ4_XS',
	24: 'I8', 25: 'I16', 26: 'I32', 27: 'I64', 28: 'F64', 29: 'IQ1_M', 31: 'Q4_0_4_4', 32: 'Q4_0_4_8', 33: 'Q4_0_8_8',
	34: 'TQ1_0', 35: 'TQ2_0', 36: 'IQ4_NL_4_4', 37: 'IQ4_NL_4_8', 38: 'IQ4_NL_8_8', 39: 'MXFP4'
};

/** ggml's name for a type id: "Q4_K", "IQ2_XS", or "type 77" for one ggml.h does not list. */
export function ggmlTypeName(id: number): string {
	return GGML_READ[id] ?? OTHER_NAMES[id] ?? `type ${id}`;
}
