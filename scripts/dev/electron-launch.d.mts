export const RETRY_AFTER_MS: number;
export function sandboxProblem(facts: { uid: number; restrictUserns: boolean; helper?: { uid: number; mode: number; path: string }; noSandbox: boolean }): string | undefined;
export function sandboxFacts(binary: string, argv: readonly string[]): { uid: number; restrictUserns: boolean; helper?: { uid: number; mode: number; path: string }; noSandbox: boolean };
export function fetchOnce(options: { install: string[]; marker: string; now?: number; log: (line: string) => void; env?: NodeJS.ProcessEnv }): boolean;
