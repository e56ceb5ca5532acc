// The sessions file's schema: what the loader checks and, with its annotations stripped, the
// published resources/sessions.schema.json that editors complete and check with. Rules between
// fields (display_base + count within the ports, no two types on the same displays) and whether a
// script module loads are checked in code beside it (session-types.ts).
import Type, { type Static } from 'typebox';
import { publishedSchema } from '../../shared/schema';
import { SECRET_NAME_PATTERN, SIZE_PATTERN } from '../../shared/session';
import { DESKTOPS } from '../../../scripts/lib/desktop';
import { MAX_NESTING } from './json-syntax';

export const DEFAULT_SIZES = ['1920x1080', '1600x900', '1280x800', '1024x768'];
export const MAX_SLOT_COUNT = 64;
export const MIN_SIDE = 200;
/** TigerVNC's Xvnc refuses a framebuffer side over 16384 pixels ("Invalid PixelBuffer width"). */
export const MAX_SIDE = 16384;
export const DEFAULT_DISPLAY_BASE = 100;
/** The highest X display whose RFB port (5900 + display) is still a port. */
export const MAX_DISPLAY = 65535 - 5900;

/** A side from MIN_SIDE (200) to MAX_SIDE (16384) as a regular expression, so editors check it too. */
const SIDE = '(?:[2-9][0-9]{2}|[1-9][0-9]{3}|1[0-5][0-9]{3}|16[0-2][0-9]{2}|163[0-7][0-9]|1638[0-4])';
export const SIZE_IN_RANGE = new RegExp(`^${SIDE}x${SIDE}$`);

/** C0 and C1 control characters and DEL: a NUL cannot reach an argv or environment at all. */
export const NO_CONTROLS = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';
/** The same, with tab and line feed, which a shell command line may hold. */
export const NO_CONTROLS_BUT_LINES = '^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]*$';
export const NO_CONTROLS_EXPECTED = 'text without control characters';
const withoutControls = (pattern = NO_CONTROLS) => [{ pattern, expected: NO_CONTROLS_EXPECTED }];

const nonEmpty = (description: string, pattern?: string) =>
  Type.String({ minLength: 1, pattern: '\\S', allOf: withoutControls(pattern), description, expected: 'a non-empty string' });

/** Colour depths an X server here starts with: TigerVNC's Xvnc 16, 24, 32; Xvfb and TightVNC also 8 and 15; Xvfb 30. */
export const X_DEPTHS = [8, 15, 16, 24, 30, 32];
/** What TigerVNC 1.12's Xvnc starts with (8 and 15 fail with "Couldn't add screen"). */
export const XVNC_DEPTHS = [16, 24, 32];
export const MAX_TYPE_NAME = 128;
/** The same bound as the lastViewerGraceSeconds setting. */
export const MAX_LAST_VIEWER_GRACE_SECONDS = 86_400;

/** Options of one built-in script: described for editors, checked by that script when it starts. */
const scriptOption = (description: string) => Type.Optional(Type.Unknown({ description }));

const Size = Type.String({
  pattern: SIZE_PATTERN.source,
  expected: 'a size "WxH" with 3-5 digits each, e.g. "1280x800"',
  allOf: [{ pattern: SIZE_IN_RANGE.source, expected: `width and height from ${MIN_SIDE} to ${MAX_SIDE}` }],
  description: `Window size WxH; each side from ${MIN_SIDE} to ${MAX_SIDE} pixels (what TigerVNC's Xvnc accepts).`,
  examples: ['1920x1080', '1280x800', '12080x1024'],
});

const Options = Type.Object(
  {
    sizes: Type.Optional(
      Type.Array(Size, {
        minItems: 1,
        uniqueItems: true,
        expected: 'a non-empty array of "WxH" sizes',
        expectedUnique: 'each size once',
        description: `Sizes offered in the size picker. Default: ${DEFAULT_SIZES.join(', ')}.`,
      }),
    ),
    display_base: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_DISPLAY,
        expected: `an integer from 1 to ${MAX_DISPLAY} (display + 5900 must be a port)`,
        description: `Slot i uses X display display_base + i and RFB port 5900 + display (xvnc, vncserver, x11vnc). Default ${DEFAULT_DISPLAY_BASE}.`,
      }),
    ),
    command: Type.Optional(nonEmpty("Shell command line run with /bin/sh -c inside the session's display, e.g. xterm.", NO_CONTROLS_BUT_LINES)),
    end_when_last_viewer_leaves: Type.Optional(
      Type.Object(
        {
          grace_seconds: Type.Integer({
            minimum: 0,
            maximum: MAX_LAST_VIEWER_GRACE_SECONDS,
            expected: `an integer from 0 to ${MAX_LAST_VIEWER_GRACE_SECONDS} (seconds)`,
            description: 'Seconds the session keeps running with no viewer before it stops; 0 stops it at once.',
          }),
        },
        {
          additionalProperties: false,
          expected: 'an object {"grace_seconds": N}',
          description:
            'For kiosks and shared nodes: a session of this type stops once its last viewer has been gone this long (cause last_viewer_left). ' +
            'Without it, a session with no viewer keeps running until its inactivity timeout (or the lastViewerGraceSeconds setting, when above 0).',
        },
      ),
    ),
    end_when_command_exits: Type.Optional(
      Type.Boolean({
        expected: 'true or false',
        description: 'xvnc, vncserver, x11vnc: when `command` exits, the session ends (cause command_exited). Default true; false keeps the bare server running.',
      }),
    ),
    desktop: Type.Optional(
      Type.Enum([...DESKTOPS], {
        expected: `one of ${DESKTOPS.join(', ')}`,
        description: "xvnc, vncserver, x11vnc: a window manager started before `command`, with a right-click menu (openbox: New terminal, Restart window manager).",
      }),
    ),
    group: Type.Optional(nonEmpty('Only members of this OS group may start this type.')),
    host: Type.Optional(
      nonEmpty(
        'The machine the sessions run on: an SSH destination as your OpenSSH understands it (an alias from ~/.ssh/config, or user@host), for xvnc, vncserver, x11vnc and script modules. ' +
          'For the external script: where its VNC server listens (default 127.0.0.1; loopback only unless allow_remote). Python scripts read it themselves.',
      ),
    ),
    hosts: Type.Optional(
      Type.Array(nonEmpty('An SSH destination.'), {
        minItems: 1,
        uniqueItems: true,
        expected: 'a non-empty array of SSH destinations',
        expectedUnique: 'each host once',
        description: 'Several machines to spread the sessions over: each start takes the reachable host with the fewest running sessions of this type. Instead of host.',
      }),
    ),
    drain: Type.Optional(
      Type.Array(nonEmpty('One of hosts.'), { uniqueItems: true, expected: 'an array of hosts', expectedUnique: 'each host once', description: 'Hosts that take no new sessions; their running ones go on.' }),
    ),
    ssh_config: Type.Optional(
      nonEmpty('An ssh_config file for `ssh -F` (relative to this file), instead of ~/.ssh/config. The slurm script takes it (an absolute path there) for submit_host and the forwards to nodes.'),
    ),
    ssh_options: Type.Optional(
      Type.Array(nonEmpty('An ssh setting "Name=value".'), {
        expected: 'an array of "Name=value" ssh settings',
        description: 'Extra `ssh -o` settings, e.g. "ConnectTimeout=5". StrictHostKeyChecking=no (or off, accept-new) and BatchMode=no are refused.',
      }),
    ),
    port: scriptOption("For the external script: the VNC server's port, an integer from 1 to 65535 (required there)."),
    depth: Type.Optional(
      Type.Enum(X_DEPTHS, {
        expected: `a colour depth of ${X_DEPTHS.slice(0, -1).join(', ')} or ${X_DEPTHS.at(-1)}`,
        description: `Colour depth of the X server (xvnc, vncserver, x11vnc). Default 24. Xvnc (xvnc, vncserver with TigerVNC): ${XVNC_DEPTHS.join(', ')}; Xvfb (x11vnc): 8, 15, 16, 24, 30; TightVNC: 8, 15, 16, 24.`,
      }),
    ),
    flavour: scriptOption('For the vncserver script: "tigervnc" or "tightvnc". Default: what vncserver on PATH is.'),
    display: scriptOption('For the x11vnc script: attach to this existing display (e.g. ":0") instead of starting an Xvfb; with host, a display on that machine.'),
    xauthority: scriptOption('For the x11vnc script in attach mode: the X authority file of that display (with host, a file on that machine; default there: none given, so x11vnc\'s own default).'),
    allow_remote: scriptOption('For the external script: true allows a host that is not a loopback address.'),
    timeout_ms: scriptOption('For the external script: how long to wait for the server to answer RFB, 100 to 600000 ms. Default 5000.'),
    partition: scriptOption('For the slurm script: the Slurm partition to submit to (sbatch --partition). Default: the cluster\'s default partition.'),
    time_limit_minutes: scriptOption("For the slurm script: the job's time limit in minutes, which is the session's maximum duration. Default: the maximum session duration setting."),
    account: scriptOption('For the slurm script: the Slurm account to charge (sbatch --account).'),
    qos: scriptOption('For the slurm script: the Slurm quality of service (sbatch --qos).'),
    sbatch_args: scriptOption('For the slurm script: more sbatch arguments, a list of strings, each one argument (e.g. ["--exclusive", "--mem=4G"]).'),
    server: scriptOption('For the slurm script: the VNC server the job starts on its node: "xvnc" (default), "vncserver" or "x11vnc".'),
    submit_host: scriptOption('For the slurm script: run sbatch, squeue, scancel and scontrol over SSH on this login node (host, user@host or an ssh_config alias). Default: here.'),
    work_dir: scriptOption("For the slurm script: an absolute directory the nodes and Session Deck both see, for the job's connection record. Default: the session's directory under the data directory (a one-machine cluster)."),
    direct: scriptOption("For the slurm script: true connects viewers to the node's port directly (the server listens on the node's Slurm address); false (default) goes through an SSH forward to the node's loopback."),
    slurm_conf: scriptOption("For the slurm script: the slurm.conf to use (SLURM_CONF for Slurm's commands and the job). Default: SLURM_CONF of Session Deck's environment, else Slurm's own default."),
    poll_interval_ms: scriptOption('For the slurm script: how often squeue is asked about the job, 200 to 60000 ms. Default 2000.'),
    display_count: scriptOption('For the slurm script: how many X displays from display_base the job tries on its node. Default 50.'),
    password_secret: scriptOption(
      `For the external script and Python scripts: the name of a saved secret (Settings) holding the server's own VNC password, with which the bridge signs in (${SECRET_NAME_PATTERN.source}).`,
    ),
  },
  { expected: 'an object', description: 'Passed whole to the script module as its common options.' },
);

const SessionType = Type.Object(
  {
    script: Type.String({
      minLength: 1,
      pattern: '\\S',
      allOf: withoutControls(),
      expected: 'a script name or module path',
      description:
        'A built-in script module by name (xvnc, vncserver, x11vnc, external, slurm), the path of a module (relative to this file) that exports realizeService, ' +
        'or the path of a Nexus-style Python script (.py) that defines realize_service.',
      examples: ['xvnc', 'vncserver', 'x11vnc', 'external', 'slurm', './my-script.mjs', 'simple_vnc.py'],
    }),
    count: Type.Integer({
      minimum: 1,
      maximum: MAX_SLOT_COUNT,
      expected: `an integer from 1 to ${MAX_SLOT_COUNT}`,
      description: 'How many sessions of this type may run at once; slot i is index i.',
    }),
    options: Type.Optional(Options),
  },
  { additionalProperties: false, expected: 'an object with "script", "count" and "options"' },
);

export type SessionTypeEntry = Static<typeof SessionType>;

export const SessionsFileSchema = Type.Object(
  { $schema: Type.Optional(Type.String({ description: 'Path or URL of this schema, for editors.', expected: 'the path or URL of the schema' })) },
  {
    additionalProperties: SessionType,
    propertyNames: { minLength: 1, maxLength: MAX_TYPE_NAME, pattern: '\\S', allOf: withoutControls(), expected: `a type name of 1-${MAX_TYPE_NAME} characters` },
    expected: 'an object of session types',
    title: 'Session Deck sessions file',
    description:
      'Session types: each name maps to the script module that starts its VNC server, how many may run at once, and the options passed whole to the script. ' +
      'Checked by Session Deck when it loads the file, beyond this schema: display_base + count - 1 must stay a port display, no two types may use the same X displays, each script module must load and export realizeService, ' +
      `xvnc's depth is one of ${XVNC_DEPTHS.join(', ')}, no key appears twice in an object, nesting stays within ${MAX_NESTING} levels, numbers fit a double, and no text anywhere holds control characters.`,
  },
);

/** The published JSON schema (resources/sessions.schema.json) as text: this schema, plain. */
export function sessionsSchemaDocument(): string {
  const { title, description, ...rest } = publishedSchema(SessionsFileSchema) as unknown as Record<string, unknown>;
  const document = { $schema: 'http://json-schema.org/draft-07/schema#', $id: 'https://session-deck.invalid/sessions.schema.json', title, description, ...rest };
  return `${JSON.stringify(document, null, 2)}\n`;
}
