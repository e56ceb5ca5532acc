// The kiosk profile's schema (kiosk.json): what the loader checks and, with its annotations
// stripped, the published resources/kiosk.schema.json. Whether `type` names a session type of the
// sessions file is checked when the kiosk starts its session (the sessions file may change).
import Type, { type Static } from 'typebox';
import { publishedSchema } from '../../shared/schema';
import { KIOSK_RESTART_POLICIES, MAX_IDLE_RESET_MINUTES } from '../../shared/kiosk';
import { MAX_SIDE, MIN_SIDE, MAX_TYPE_NAME, NO_CONTROLS, NO_CONTROLS_EXPECTED, SIZE_IN_RANGE } from '../config/sessions-schema';
import { PIN_HASH_PATTERN } from './pin-hash';

const Size = Type.String({
  pattern: `^screen$|${SIZE_IN_RANGE.source}`,
  expected: `"screen" or a size "WxH" with each side from ${MIN_SIDE} to ${MAX_SIDE}, e.g. "1280x800"`,
  description: '"screen": the desktop is resized to fill the display (remote resize); "WxH": a fixed size, scaled to fill it.',
  examples: ['screen', '1920x1080'],
});

export const KioskProfileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'Path or URL of this schema, for editors.', expected: 'the path or URL of the schema' })),
    type: Type.String({
      minLength: 1,
      maxLength: MAX_TYPE_NAME,
      pattern: '\\S',
      allOf: [{ pattern: NO_CONTROLS, expected: NO_CONTROLS_EXPECTED }],
      expected: `the name of a session type of the sessions file (1-${MAX_TYPE_NAME} characters)`,
      description: 'The session type the kiosk runs, as named in the sessions file.',
    }),
    size: Type.Optional(Size),
    restart: Type.Optional(
      Type.Enum([...KIOSK_RESTART_POLICIES], {
        expected: `one of ${KIOSK_RESTART_POLICIES.join(', ')}`,
        description: 'When the session ends: "always" start a new one by itself, "prompt" offer a button, "never" stay on the status screen. Default "always".',
      }),
    ),
    idleResetMinutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_IDLE_RESET_MINUTES,
        expected: `an integer from 0 to ${MAX_IDLE_RESET_MINUTES} (0: never)`,
        description: 'After this many minutes without local input, warn, then end the session and start a fresh one. 0 (default): never.',
      }),
    ),
    pinHash: Type.Optional(
      Type.String({
        pattern: PIN_HASH_PATTERN.source,
        expected: 'a PIN hash as printed by session-deck-host --hash-pin ("$scrypt$ln=...")',
        description: 'The admin PIN as a scrypt hash (session-deck --hash-pin or session-deck-host --hash-pin). Without it, nobody can leave kiosk mode from the kiosk.',
      }),
    ),
    allowViewOnlyToggle: Type.Optional(Type.Boolean({ expected: 'true or false', description: 'Offer a button that switches the viewer to view only and back. Default false.' })),
    sendKeysMenu: Type.Optional(Type.Boolean({ expected: 'true or false', description: 'Offer the menu that sends key combinations (Ctrl+Alt+Del, ...) to the desktop. Default false.' })),
  },
  {
    additionalProperties: false,
    expected: 'an object with "type" and optional "size", "restart", "idleResetMinutes", "pinHash", "allowViewOnlyToggle", "sendKeysMenu"',
    title: 'Session Deck kiosk profile',
    description: 'What a kiosk runs: one session type, full screen, supervised (restart, idle reset), left only with the admin PIN.',
  },
);

export type KioskProfileEntry = Static<typeof KioskProfileSchema>;

/** The published JSON schema (resources/kiosk.schema.json) as text. */
export function kioskSchemaDocument(): string {
  const { title, description, ...rest } = publishedSchema(KioskProfileSchema) as unknown as Record<string, unknown>;
  const document = { $schema: 'http://json-schema.org/draft-07/schema#', $id: 'https://session-deck.invalid/kiosk.schema.json', title, description, ...rest };
  return `${JSON.stringify(document, null, 2)}\n`;
}
