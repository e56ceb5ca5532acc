export interface Browser {
  path: string;
  /** The snap's name when the browser runs as a snap (its profiles must live under ~/snap/<name>). */
  snap?: string;
}
export const BROWSER_NAMES: readonly string[];
export function snapName(file: string): string | undefined;
export function findBrowser(env?: NodeJS.ProcessEnv): Browser | undefined;
export function requireBrowser(env?: NodeJS.ProcessEnv): Browser;
export function browserScratchDir(browser: Browser, preferred?: string, env?: NodeJS.ProcessEnv): string;
export function describeBrowser(browser: Browser, env?: NodeJS.ProcessEnv): string;
