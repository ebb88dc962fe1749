// The converter's output format version: bump it whenever the bytes a conversion writes change (quantization rule,
// layout, chat config, tokenizer), so a stored conversion or a resume state from another version is never mixed in.
export const CONVERTER_VERSION = 1;
