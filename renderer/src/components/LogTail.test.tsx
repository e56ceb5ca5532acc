import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LogTail, scrollToEnd } from './LogTail';

describe('LogTail', () => {
  it('shows the log lines as written', () => {
    expect(renderToStaticMarkup(<LogTail text={'usage: X\n(EE) Unrecognized option: -bogus'} />)).toBe(
      '<pre class="log-tail">usage: X\n(EE) Unrecognized option: -bogus</pre>',
    );
  });

  it('scrolls to the last line, where the reason is', () => {
    const pre = { scrollTop: 0, scrollHeight: 480 };
    scrollToEnd(pre);
    expect(pre.scrollTop).toBe(480);
    expect(() => scrollToEnd(null)).not.toThrow(); // React calls it with null on unmount
  });
});
