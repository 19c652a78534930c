// The browser build's wire parsers (crate/src/wire/json/engine.rs, crate/src/wire/dates/engine.rs):
// the JavaScript engine's JSON.parse and Date instead of Rust code in the wasm, with the
// checks that make them accept exactly what the Rust parsers of native builds accept.
// None of these throws: a refusal is `undefined` (JSON) or NaN (dates).

// A lone surrogate (paired ones make one code point under the `u` flag).
const LONE = /\p{Cs}/u;

/** `JSON.parse(text)`, or `undefined` for text the Rust parser refuses (a lone `\uD800`-`\uDFFF` escape included). */
export function jsonParse(text) {
  try {
    // Only a \uD8xx-\uDFxx escape can make a lone surrogate (the text itself is well-formed).
    return /\\u[dD][89a-fA-F]/.test(text)
      ? JSON.parse(text, (key, value) => {
          if (LONE.test(key) || (typeof value == 'string' && LONE.test(value))) throw 0;
          return value;
        })
      : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The number `text` is if it is exactly one JSON number, else `undefined`. */
export function jsonNumber(text) {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? +text : undefined;
}

// Unix ms of UTC calendar fields, NaN unless valid (a second of 60 counts as 59), as dates.rs's to_ms.
// setUTCFullYear, not Date.UTC: Date.UTC takes years 0-99 as 1900-1999.
function utc(year, month, day, hour, minute, second) {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second > 59 ? 59 : second);
  return month >= 1 && month <= 12 && t.getUTCDate() == day && hour < 24 && minute < 60 && second <= 60
    ? t.getTime()
    : NaN;
}

/** ISO 8601 as S3 and STS write it (`2009-10-12T17:50:30.000Z`, fraction of 1-9 digits optional, `Z` or `±hh:mm`) to Unix ms, else NaN. */
export function iso8601Ms(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/.exec(s);
  if (!m || m[9] > 23 || m[10] > 59) return NaN;
  const zone = m[8] ? (m[8] == '-' ? -60000 : 60000) * (m[9] * 60 + +m[10]) : 0;
  return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]) + +(m[7] || '').padEnd(3, '0').slice(0, 3) - zone;
}

// Month names at multiples of 3 (no other 3-letter window of this string is a month name).
const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** An HTTP `Date` in IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`; the weekday, up to the first comma, unread) to Unix ms, else NaN. */
export function httpDateMs(s) {
  // Rust's split_ascii_whitespace: space, tab, LF, FF, CR.
  const parts = s.slice(s.indexOf(',') + 1).split(/[ \t\n\f\r]+/).filter((p) => p);
  const m = parts.length == 5 && /^(\d\d?) ([A-Za-z]{3}) (\d{4}) (\d\d):(\d\d):(\d\d) (GMT|UTC)$/.exec(parts.join(' '));
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  return month >= 0 && month % 3 == 0 ? utc(+m[3], month / 3 + 1, +m[1], +m[4], +m[5], +m[6]) : NaN;
}
