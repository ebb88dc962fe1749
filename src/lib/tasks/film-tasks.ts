// FILM's three VaL probes by name, for the shared plan builder, the official-file import and the reference.
import { codeItems } from './code/film';
import { databaseItems } from './database/film';
import { documentItems } from './document/film';
import type { Gold } from '$lib/types';
import type { FilmItems, FilmTaskName } from './film-items';

export type { FilmTaskName };
export type FilmTaskSpec<Row> = FilmItems<Row, Gold>;

export const documentTask = documentItems;
export const codeTask = codeItems;
export const databaseTask = databaseItems;

export const FILM_TASKS = { document: documentItems, code: codeItems, database: databaseItems } as const;
