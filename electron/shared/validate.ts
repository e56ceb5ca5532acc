// The schemas of every argument that crosses a process boundary (IPC or HTTP). Schemas only: the
// preload imports the contract too, and needs no validator.
import Type, { type Static } from 'typebox';
import { KIOSK_PIN_MAX_LENGTH } from './kiosk';
import { AUDIT_EVENT_KINDS, MAX_PAGE_LIMIT, type AuditQuery, type HistoryQuery, type MetricsQuery } from './journal';
import { MAX_LABEL_LENGTH, MAX_SECRET_LENGTH, SECRET_NAME_PATTERN, SIZE_PATTERN, TERMINATION_CAUSES, type StartRequest, type ViewerOptions } from './session';
import { SHARE_ID_PATTERN, SHARE_MINUTES, type ShareRequest } from './share';

export { SettingsPatchSchema } from './settings';

const MAX_TYPE_NAME = 128;
/** The native clipboard's text, bounded in both directions. */
export const MAX_CLIPBOARD_TEXT = 1024 * 1024;

const oneOf = <const C extends string[]>(choices: readonly [...C]) => Type.Enum<C>(choices, { expected: `one of ${choices.join(', ')}` });

const text = (max: number) => Type.String({ minLength: 1, maxLength: max, expected: `a string of 1-${max} characters` });
const epochMs = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, expected: `an integer from 0 to ${Number.MAX_SAFE_INTEGER}` });
const day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', expected: 'a day YYYY-MM-DD' });
const page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, expected: `an integer from 1 to ${MAX_PAGE_LIMIT}` })),
  cursor: Type.Optional(text(256)),
};
const closed = { additionalProperties: false } as const;

export const SessionIdSchema = Type.String({ title: 'session id', pattern: '^[A-Za-z0-9_-]{1,64}$', expected: '1-64 characters of [A-Za-z0-9_-]' });

/** A session's label: '' (or blanks) for none. */
export const SessionLabelSchema = Type.String({
  title: 'label',
  maxLength: MAX_LABEL_LENGTH,
  pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$',
  expected: `text of at most ${MAX_LABEL_LENGTH} characters without control characters`,
});

export const StartRequestSchema = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: MAX_TYPE_NAME, expected: `a non-empty string of at most ${MAX_TYPE_NAME} characters` }),
    size: Type.String({ pattern: SIZE_PATTERN.source, expected: '"WxH", e.g. "1280x800"' }),
    label: Type.Optional(SessionLabelSchema),
  },
  { ...closed, title: 'start request', expected: 'an object {"type": string, "size": "WxH", "label"?: string}' },
);

export const ViewerOptionsSchema = Type.Object(
  { viewOnly: Type.Optional(Type.Boolean({ expected: 'true or false' })) },
  { ...closed, title: 'viewer options', expected: 'an object {"viewOnly"?: boolean}' },
);

export const ShareRequestSchema = Type.Object(
  {
    minutes: Type.Integer({
      minimum: SHARE_MINUTES.min,
      maximum: SHARE_MINUTES.max,
      expected: `an integer from ${SHARE_MINUTES.min} to ${SHARE_MINUTES.max} (minutes: 15 minutes to 24 hours)`,
    }),
  },
  { ...closed, title: 'share request', expected: 'an object {"minutes": integer}' },
);

export const ShareIdSchema = Type.String({ title: 'share id', pattern: SHARE_ID_PATTERN.source, expected: '22 characters of [A-Za-z0-9_-]' });

export const HistoryQuerySchema = Type.Object(
  {
    ...page,
    type: Type.Optional(text(128)),
    // Typed as a string, as the history's own records are: old records may carry causes no longer listed.
    cause: Type.Optional(Type.Unsafe<string>(oneOf(TERMINATION_CAUSES))),
    from: Type.Optional(epochMs),
    to: Type.Optional(epochMs),
  },
  { ...closed, title: 'history query', expected: 'an object of query parameters' },
);

export const AuditQuerySchema = Type.Object(
  {
    ...page,
    kind: Type.Optional(oneOf(AUDIT_EVENT_KINDS)),
    sessionId: Type.Optional(SessionIdSchema),
    from: Type.Optional(epochMs),
    to: Type.Optional(epochMs),
  },
  { ...closed, title: 'audit query', expected: 'an object of query parameters' },
);

export const MetricsQuerySchema = Type.Object(
  { type: Type.Optional(text(128)), fromDay: Type.Optional(day), toDay: Type.Optional(day) },
  { ...closed, title: 'metrics query', expected: 'an object of query parameters' },
);

export const SecretNameSchema = Type.String({
  title: 'secret name',
  pattern: SECRET_NAME_PATTERN.source,
  expected: '1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit',
});
export const SecretValueSchema = Type.String({ title: 'secret value', minLength: 1, maxLength: MAX_SECRET_LENGTH, expected: `a string of 1-${MAX_SECRET_LENGTH} characters` });
export const KioskPinSchema = Type.String({
  title: 'PIN',
  minLength: 1,
  maxLength: KIOSK_PIN_MAX_LENGTH * 2,
  expected: `a PIN of at most ${KIOSK_PIN_MAX_LENGTH} characters`,
});
/** The most tabs, disconnected sessions or remembered sizes a window keeps. */
export const MAX_REMEMBERED = 256;
const rememberedIds = Type.Array(SessionIdSchema, { maxItems: MAX_REMEMBERED, expected: `a list of at most ${MAX_REMEMBERED} session ids` });
const choice = Type.String({ maxLength: 16, expected: 'a string of at most 16 characters' });

/** What a window remembers (electron/shared/ui-memory.ts), as the renderer saves it. */
export const UiMemorySchema = Type.Object(
  {
    openTabs: Type.Optional(rememberedIds),
    selectedSessionId: Type.Optional(Type.Union([SessionIdSchema, Type.Null()], { expected: 'a session id or null' })),
    disconnected: Type.Optional(rememberedIds),
    selectedSizes: Type.Optional(
      Type.Record(Type.String(), Type.String({ pattern: SIZE_PATTERN.source, expected: '"WxH", e.g. "1280x800"' }), {
        maxProperties: MAX_REMEMBERED,
        expected: `sizes by type name, at most ${MAX_REMEMBERED}`,
      }),
    ),
    scaleMode: Type.Optional(choice),
    sidebar: Type.Optional(choice),
  },
  { ...closed, title: 'window memory', expected: 'an object', unknownKey: 'not something a window remembers' },
);

export const ClipboardTextSchema = Type.String({ title: 'clipboard text', maxLength: MAX_CLIPBOARD_TEXT, expected: `a string of at most ${MAX_CLIPBOARD_TEXT} characters` });

// The contract's own interfaces (in session.ts and journal.ts) are exactly what these schemas accept.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShapes: [
  Same<Static<typeof StartRequestSchema>, StartRequest>,
  Same<Static<typeof ViewerOptionsSchema>, ViewerOptions>,
  Same<Static<typeof ShareRequestSchema>, ShareRequest>,
  Same<Static<typeof HistoryQuerySchema>, HistoryQuery>,
  Same<Static<typeof AuditQuerySchema>, AuditQuery>,
  Same<Static<typeof MetricsQuerySchema>, MetricsQuery>,
] = [true, true, true, true, true, true];
