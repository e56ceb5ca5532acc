// The whole window's markup: every part finds the store and the API it needs.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { fakeApi } from './testing/fakes';

vi.mock('@novnc/novnc', () => ({ default: class {} }));

describe('App', () => {
  it('renders the views and the sessions view from a fresh store', () => {
    const html = renderToStaticMarkup(<App api={fakeApi()} transport="http" />);
    expect(html).toContain('aria-label="Views"');
    expect(html).toContain('aria-current="page">Sessions</button>');
    expect(html).toContain('Running sessions');
    expect(html).toContain('headless host');
  });
});
