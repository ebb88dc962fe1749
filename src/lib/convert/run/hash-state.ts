// The part of an incremental SHA-256's saved state that the resume logic stores and hands back, without knowing how
// the hasher works (hash/sha256.ts defines and validates the real shape).
export type Sha256StateLike = Readonly<Record<string, unknown>>;
