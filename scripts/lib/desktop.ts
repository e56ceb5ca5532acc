// What the built-in scripts run inside a fresh display: optionally a window manager (openbox, with a
// right-click menu of its own written to the session's scratch directory), then the type's
// `command`. The command is the program the session lives for: with end_when_command_exits (the
// default) its exit ends the session (cause command_exited), as a vncserver's xstartup does; the
// window manager and what its menu starts are helpers whose exit ends nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptProcess, SessionResources } from '../api';
import { booleanOption, choiceOption, stringOption } from './options';

export const DESKTOPS = ['openbox'] as const;
export type Desktop = (typeof DESKTOPS)[number];

export interface DesktopOptions {
  command?: string;
  desktop?: Desktop;
  endWhenCommandExits: boolean;
}

/** Reads command, desktop and end_when_command_exits; throws a message naming a bad key. */
export function readDesktopOptions(common: Readonly<Record<string, unknown>>): DesktopOptions {
  const command = stringOption(common, 'command');
  const desktop = choiceOption(common, 'desktop', DESKTOPS);
  return { endWhenCommandExits: booleanOption(common, 'end_when_command_exits', true), ...(command ? { command } : {}), ...(desktop ? { desktop } : {}) };
}

export const hasDesktopOptions = (options: DesktopOptions): boolean => options.command !== undefined || options.desktop !== undefined;

/** The desktop's right-click menu: plain openbox actions, and a terminal. */
const MENU = `<?xml version="1.0" encoding="UTF-8"?>
<openbox_menu xmlns="http://openbox.org/3.4/menu">
  <menu id="root-menu" label="Session Deck">
    <item label="New terminal"><action name="Execute"><command>xterm</command></action></item>
    <separator />
    <item label="Restart window manager"><action name="Restart" /></item>
  </menu>
</openbox_menu>
`;

const mousebind = (button: string, action: string, inner: string) => `<mousebind button="${button}" action="${action}">${inner}</mousebind>`;
const act = (name: string, body = '') => `<action name="${name}">${body}</action>`;
const focusRaise = act('Focus') + act('Raise');

/** Only what the desktop needs: a theme, one workspace, the menu, and mouse bindings to move and resize windows. */
function openboxConfig(menuFile: string): string {
  const edges = ['Top', 'Bottom', 'Left', 'Right', 'TLCorner', 'TRCorner', 'BLCorner', 'BRCorner'];
  const contexts: Record<string, string[]> = {
    Root: [mousebind('Right', 'Press', act('ShowMenu', '<menu>root-menu</menu>'))],
    Client: [mousebind('Left', 'Press', focusRaise), mousebind('Middle', 'Press', focusRaise), mousebind('Right', 'Press', focusRaise)],
    Frame: [mousebind('A-Left', 'Press', focusRaise), mousebind('A-Left', 'Drag', act('Move'))],
    Titlebar: [mousebind('Left', 'Press', focusRaise), mousebind('Left', 'Drag', act('Move')), mousebind('Left', 'DoubleClick', act('ToggleMaximize'))],
    Close: [mousebind('Left', 'Click', act('Close'))],
    Maximize: [mousebind('Left', 'Click', act('ToggleMaximize'))],
    Iconify: [mousebind('Left', 'Click', act('Iconify'))],
    ...Object.fromEntries(edges.map((edge) => [edge, [mousebind('Left', 'Press', focusRaise), mousebind('Left', 'Drag', act('Resize'))]])),
  };
  const mouse = Object.entries(contexts)
    .map(([name, binds]) => `    <context name="${name}">\n      ${binds.join('\n      ')}\n    </context>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <theme><name>Clearlooks</name><titleLayout>NLIMC</titleLayout></theme>
  <desktops><number>1</number></desktops>
  <focus><focusNew>yes</focusNew><followMouse>no</followMouse></focus>
  <placement><policy>Smart</policy></placement>
  <menu><file>${menuFile}</file></menu>
  <mouse>
    <dragThreshold>3</dragThreshold>
    <doubleClickTime>300</doubleClickTime>
${mouse}
  </mouse>
</openbox_config>
`;
}

/** The openbox configuration for a desktop whose files go into dir (here or on a session's host). */
export function openboxFiles(dir: string): { rcFile: string; files: { path: string; text: string }[] } {
  const menuFile = `${dir}/menu.xml`;
  const rcFile = `${dir}/rc.xml`;
  return { rcFile, files: [{ path: menuFile, text: MENU }, { path: rcFile, text: openboxConfig(menuFile) }] };
}

/** Writes the openbox configuration into the scratch directory; returns its rc file. */
export async function writeOpenboxConfig(scratchDir: string): Promise<string> {
  const dir = join(scratchDir, 'openbox');
  await mkdir(dir, { mode: 0o700 });
  const { rcFile, files } = openboxFiles(dir);
  for (const { path, text } of files) await writeFile(path, text, { mode: 0o600 });
  return rcFile;
}

export const OPENBOX_STARTED = 'started the openbox window manager (right-click the desktop for its menu)';

/** Starts the window manager, then the command, inside a display; returns them, desktop first. */
export async function startDesktop(session: SessionResources, options: DesktopOptions, env: Record<string, string>): Promise<ScriptProcess[]> {
  const started: ScriptProcess[] = [];
  if (options.desktop === 'openbox') {
    const rcFile = await writeOpenboxConfig(session.scratchDir);
    started.push(session.spawn('openbox', ['--config-file', rcFile], { role: 'helper', env }));
    session.log(OPENBOX_STARTED);
  }
  if (options.command) {
    const role = options.endWhenCommandExits ? 'command' : 'helper';
    started.push(session.spawn('/bin/sh', ['-c', options.command], { role, env }));
    session.log(`started command: ${options.command}${options.endWhenCommandExits ? ' (the session ends when it exits)' : ''}`);
  }
  return started;
}

/** Ends what startDesktop started, the command first, so nothing complains about a vanished display. */
export async function stopDesktop(started: readonly ScriptProcess[]): Promise<void> {
  for (const process of [...started].reverse()) await process.terminate();
}
