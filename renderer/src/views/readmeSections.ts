// The README, built into the page, cut into its `## ` sections: the About page links to them and
// shows each as text, so the help is there offline and in both the app and the browser.

export interface ReadmeSection {
  /** The heading's text, e.g. `The data directory`. */
  title: string;
  /** An id for links: `readme-the-data-directory`. */
  anchor: string;
  /** The section's text, its own heading left out. */
  body: string;
}

export const anchorOf = (title: string): string =>
  `readme-${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

/** Second-level sections in order; code blocks are kept whole (a `## ` inside one is not a heading). */
export function readmeSections(markdown: string): ReadmeSection[] {
  const sections: ReadmeSection[] = [];
  let current: { title: string; lines: string[] } | null = null;
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode ? /^## (.+)$/.exec(line) : null;
    if (heading?.[1]) {
      if (current) sections.push({ title: current.title, anchor: anchorOf(current.title), body: current.lines.join('\n').trim() });
      current = { title: heading[1].trim(), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  if (current) sections.push({ title: current.title, anchor: anchorOf(current.title), body: current.lines.join('\n').trim() });
  return sections;
}
