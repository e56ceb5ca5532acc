// About: which Session Deck this is, where it keeps its data and reads its sessions, and the
// README's sections to read right here.
import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../electron/shared/session';
import readme from '../../../README.md?raw';
import { useApi } from '../api/apiContext';
import { readmeSections, type ReadmeSection } from './readmeSections';

const SECTIONS = readmeSections(readme);

export interface AboutPageProps {
  about: AboutInfo | null;
  error: string | null;
  transport: 'ipc' | 'http';
  sections: ReadmeSection[];
  open: string | null;
  onOpen(anchor: string | null): void;
}

export function AboutPage({ about, error, transport, sections, open, onOpen }: AboutPageProps) {
  const shown = sections.find((section) => section.anchor === open);
  return (
    <section className="page about" aria-labelledby="about-title">
      <h2 id="about-title">About Session Deck</h2>
      {error && (
        <p role="alert" className="error-text">
          Could not read the details from the engine: {error}
        </p>
      )}
      <dl className="about-facts">
        <dt>Version</dt>
        <dd className="mono">{about?.version ?? '…'}</dd>
        <dt>Running as</dt>
        <dd>{transport === 'ipc' ? 'the desktop app' : 'the headless host, in this browser'}</dd>
        <dt>User</dt>
        <dd className="mono">{about?.user ?? '…'}</dd>
        <dt>Data directory</dt>
        <dd className="mono">{about?.dataDir ?? '…'}</dd>
        <dt>Sessions file</dt>
        <dd className="mono">{about?.sessionsFile ?? '…'}</dd>
      </dl>
      <h3 id="help-title">Help (from the README)</h3>
      <nav aria-labelledby="help-title">
        <ul className="help-links">
          {sections.map((section) => (
            <li key={section.anchor}>
              <a
                href={`#${section.anchor}`}
                aria-current={section.anchor === open ? 'true' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  onOpen(section.anchor === open ? null : section.anchor);
                }}
              >
                {section.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {shown && (
        <article id={shown.anchor} className="help-text" aria-labelledby={`${shown.anchor}-title`}>
          <h3 id={`${shown.anchor}-title`}>{shown.title}</h3>
          <pre>{shown.body}</pre>
        </article>
      )}
    </section>
  );
}

export function AboutView({ transport }: { transport: 'ipc' | 'http' }) {
  const api = useApi();
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getAbout().then(
      (info) => live && setAbout(info),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return <AboutPage about={about} error={error} transport={transport} sections={SECTIONS} open={open} onOpen={setOpen} />;
}
