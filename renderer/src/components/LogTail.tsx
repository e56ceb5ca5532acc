// The tail of a session's log, shown scrolled to its last line: that is where a server says why it
// stopped (TigerVNC's Xvnc prints its whole usage text before the line naming the bad option).

/** Ref callback: scrolls the element to its end once it is in the page. */
export function scrollToEnd(element: Pick<HTMLElement, 'scrollTop' | 'scrollHeight'> | null): void {
  if (element) element.scrollTop = element.scrollHeight;
}

export function LogTail({ text }: { text: string }) {
  return (
    <pre ref={scrollToEnd} className="log-tail">
      {text}
    </pre>
  );
}
