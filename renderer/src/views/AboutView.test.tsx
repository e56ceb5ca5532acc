import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AboutPage } from './AboutView';
import { readmeSections } from './readmeSections';

const sections = readmeSections('## The data directory\nWhere it keeps things.\n## Security\nLoopback only.\n');
const about = { version: '0.1.0', dataDir: '/home/a/.local/share/session-deck', sessionsFile: '/home/a/sessions.json', user: 'alice' };

describe('About', () => {
  it('shows the version, data directory and sessions file, and links to the README sections', () => {
    const html = renderToStaticMarkup(<AboutPage about={about} error={null} transport="http" sections={sections} open={null} onOpen={() => {}} />);
    for (const text of ['0.1.0', '/home/a/.local/share/session-deck', '/home/a/sessions.json', 'the headless host, in this browser']) expect(html).toContain(text);
    expect(html).toContain('href="#readme-the-data-directory"');
    expect(html).toContain('>Security</a>');
    expect(html).not.toContain('Where it keeps things.');
  });

  it('shows the section picked', () => {
    const html = renderToStaticMarkup(<AboutPage about={about} error={null} transport="ipc" sections={sections} open="readme-security" onOpen={() => {}} />);
    expect(html).toContain('<pre>Loopback only.</pre>');
    expect(html).toContain('the desktop app');
  });
});
