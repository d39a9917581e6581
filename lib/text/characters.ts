// Which characters a name, description or policy entry may hold. Pure and dependency-free: the
// policy editor runs it in the browser too.

// C0, DEL and C1 controls. Line breaks and tabs are allowed where text may span lines.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/**
 * Characters that render as nothing, or that change how the text around them renders, so two
 * strings that look identical differ: format characters (Cf: zero-width space, joiners and
 * marks U+200B–U+200F, direction embeddings and overrides U+202A–U+202E, word joiner and
 * isolates U+2060–U+2069, the byte-order mark U+FEFF, the soft hyphen, ...), line and paragraph
 * separators (Zl, Zp), and the other default-ignorable code points (Hangul fillers, the
 * combining grapheme joiner, ...) except variation selectors, which only pick a glyph's style
 * (the red heart ❤️ is U+2764 U+FE0F).
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]|(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F])\p{Default_Ignorable_Code_Point}/u;
/** Shaped like an access token (prefix and length; the checksum is the server's to verify). */
const TOKEN_SHAPED = /api-[0-9A-Za-z]{36}/;

export type CharacterProblem = "control" | "invisible";

/** The first kind of character the text may not contain, or null. */
export function characterProblem(text: string, options: { multiline?: boolean } = {}): CharacterProblem | null {
  if ((options.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(text)) return "control";
  if (INVISIBLE.test(text)) return "invisible";
  return null;
}

/** What a message may say instead of quoting text that could be a secret. */
export function looksLikeToken(text: string): boolean {
  return TOKEN_SHAPED.test(text);
}

/** `label` is the subject of the sentence: "A name", "The first name", "Entry 2 of …". */
export const INVISIBLE_MESSAGE = (label: string) =>
  `${label} cannot contain invisible characters (such as zero-width spaces or text-direction overrides), which would make it look like something it is not`;
export const CONTROL_MESSAGE = (label: string) => `${label} cannot contain control characters`;
