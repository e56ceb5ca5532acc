import { describe, expect, it } from 'vitest';
import readme from '../../../README.md?raw';
import { anchorOf, readmeSections } from './readmeSections';

describe('README sections', () => {
  it('cuts the README into its second-level sections, ignoring headings inside code', () => {
    const sections = readmeSections('# Title\nintro\n## One\na\n```\n## not a heading\n```\n## Two, too\nb\n');
    expect(sections).toEqual([
      { title: 'One', anchor: 'readme-one', body: 'a\n```\n## not a heading\n```' },
      { title: 'Two, too', anchor: 'readme-two-too', body: 'b' },
    ]);
    expect(anchorOf('The data directory')).toBe('readme-the-data-directory');
  });

  it('the built-in README has the sections the About page links to', () => {
    const titles = readmeSections(readme).map((section) => section.title);
    for (const title of ['The sessions file', 'The headless host', 'The data directory', 'Security']) expect(titles).toContain(title);
  });
});
