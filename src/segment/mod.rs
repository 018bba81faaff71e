//! Sentence segmentation of Arabic and English (stage 1).
//!
//! Input: a text. Output: [`Segment`]s in document order, each a byte span of the input
//! (`seg.text == &text[seg.span]`), trimmed of surrounding whitespace, never empty, never
//! overlapping; every byte outside all segments is whitespace. The text is never altered.
//!
//! The engine scans bytes for the few that can end a sentence (a line feed, `.`, `!`, `?`,
//! the last bytes of `؟` and `…`, and brackets) and decides each candidate with the rules
//! below. Everything language-specific (abbreviation lists, which rules apply) is data in
//! [`data`]; rule ids are documented in `docs/segment.md` and named in the tests:
//!
//! - `LINE-BREAK`: a line feed always ends a sentence (headlines, date lines);
//!   `PARAGRAPH`: a blank line (whitespace only, NBSP included) starts a new paragraph.
//! - `TERMINATOR`: `. ! ? ؟ …` and runs of them end a sentence, taking along closing quotes
//!   and brackets written right after them (`CLOSER`), bidi marks (`BIDI-MARK`) and a
//!   note marker after one space (`CITATION`: `… 1805. [6]`); `..` ends like `.`
//!   (`DOUBLE-PERIOD`).
//! - `AR-GLUED-END`: a mark glued to a following Arabic letter still ends (`2023.وبدأت`);
//!   `GLUED-TOKEN`: glued to anything else it is inside a token (`3.5`, `U.S`, URLs, e-mails).
//! - Not ends: `ABBREV`, `MAYBE-FINAL`, `AR-INITIAL`, `LATIN-INITIAL`, `DOTTED-ABBREV`,
//!   `ENUMERATOR`, `ORDINAL`, `NEVER-STARTS`, `LOWER-NEXT`, `ELLIPSIS-INSIDE`, `PAREN`,
//!   `OMISSION`.
//!
//! Quotes are never tracked as open/closed state, so one unbalanced `"` changes nothing
//! after it; brackets only silence the text up to a closing bracket found on the same line
//! within a bounded distance. The work per byte is constant: the whole pass is linear.

pub mod data;
pub mod eval;
pub mod srx;
pub mod stream;

use crate::model::{Document, Lang, Segment};
use data::Rules;
use std::ops::Range;

/// Splits `text` into sentences with the rules of `lang` (its primary subtag: `ar`, `en`,
/// `de`, `fr`; any other gets the general Latin-script rules).
pub fn segment(text: &str, lang: &Lang) -> Vec<Segment> {
    Segmenter::new(lang).segment(text)
}

/// The segments of `text` as a [`Document`].
pub fn document(text: &str, lang: Lang, origin: Option<String>) -> Document {
    let segments = segment(text, &lang);
    Document {
        lang,
        origin,
        segments,
    }
}

/// `ar` when Arabic letters outnumber Latin ones in the text's first 64 KiB, else `en`.
pub fn detect_lang(text: &str) -> Lang {
    let mut arabic = 0usize;
    let mut latin = 0usize;
    for c in text.chars().take(64 * 1024) {
        if is_arabic_letter(c) {
            arabic += 1;
        } else if c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c)) {
            latin += 1;
        }
    }
    if arabic > latin {
        Lang::arabic()
    } else {
        Lang::english()
    }
}

/// A segmenter bound to one language's rules, reusable across texts and chunks.
#[derive(Clone, Copy, Debug)]
pub struct Segmenter {
    rules: &'static Rules,
}

/// What a segmenter remembers between the chunks of one long input: the paragraph
/// count and whether the current line has shown any text yet.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    paragraph: u32,
    started: bool,
    break_pending: bool,
    line_has_text: bool,
}

impl Progress {
    fn blank_line(&mut self) {
        if self.started {
            self.break_pending = true;
        }
    }

    fn open_segment(&mut self) -> u32 {
        if self.break_pending {
            self.paragraph += 1;
            self.break_pending = false;
        }
        self.started = true;
        self.line_has_text = true;
        self.paragraph
    }
}

/// A run of final marks and where it sits.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    sentence_start: usize,
    line_start: usize,
    mark: usize,
    run_end: usize,
    kind: RunKind,
}

/// How a run of final marks looks, which decides which rules may veto it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RunKind {
    /// One `.`: may belong to an abbreviation, initial or enumerator.
    Period,
    /// `...` or `…`.
    Ellipsis,
    /// `..`: a period typed twice (Egyptian press ends sentences with it), not a pause.
    DoublePeriod,
    /// `!`, `?`, `؟` and mixed runs (`؟!`).
    Other,
}

/// The bytes that may end a sentence or open a bracket: a line feed, `.`, `!`, `?`, the
/// last byte of `؟` (D8 9F) and of `…` (E2 80 A6) (the bytes before are checked on a hit),
/// and the openers of [`data::PAREN_PAIRS`].
const CANDIDATE_BYTES: [u8; 8] = [
    b'\n',
    b'.',
    b'!',
    b'?',
    0x9F,
    0xA6,
    data::PAREN_PAIRS[0].0,
    data::PAREN_PAIRS[1].0,
];

const CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < CANDIDATE_BYTES.len() {
        t[CANDIDATE_BYTES[k] as usize] = true;
        k += 1;
    }
    t
};

/// The offset of the first candidate byte at or after `from`.
///
/// This is the hot loop: on x86_64 it compares 16 bytes at a time against the candidate
/// bytes with SSE2 (part of the x86_64 baseline), about 2.7 times the speed of a table
/// lookup per byte on Arabic news. Elsewhere, and for the tail, it uses the table.
#[inline]
fn next_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from.min(bytes.len());
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: SSE2 is always present on x86_64. Every load reads bytes[i..i + 16],
        // which the loop condition keeps inside the slice; loads are unaligned.
        unsafe {
            let targets = CANDIDATE_BYTES.map(|t| _mm_set1_epi8(t as i8));
            while i + 16 <= bytes.len() {
                let block = _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>());
                let mut hits = _mm_cmpeq_epi8(block, targets[0]);
                for target in &targets[1..] {
                    hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, *target));
                }
                let mask = _mm_movemask_epi8(hits) as u32;
                if mask != 0 {
                    return Some(i + mask.trailing_zeros() as usize);
                }
                i += 16;
            }
        }
    }
    bytes[i..]
        .iter()
        .position(|&b| CANDIDATE[b as usize])
        .map(|k| i + k)
}

impl Segmenter {
    pub fn new(lang: &Lang) -> Segmenter {
        Segmenter {
            rules: data::rules_for(&lang.primary()),
        }
    }

    /// The rule data in use.
    pub fn rules(&self) -> &'static Rules {
        self.rules
    }

    pub fn segment(&self, text: &str) -> Vec<Segment> {
        let mut out = Vec::new();
        self.spans(text, &mut Progress::default(), |span, paragraph| {
            out.push(Segment {
                text: text[span.clone()].to_string(),
                span,
                paragraph,
                ..Segment::default()
            });
        });
        out
    }

    /// Calls `emit(span, paragraph)` for every sentence of `text`, in order.
    ///
    /// For streaming, `text` may be one chunk of a longer input: results equal those of
    /// the whole input when every chunk but the last ends right after a line feed, since
    /// a line break always ends a sentence. `progress` carries the paragraph count over.
    pub fn spans(
        &self,
        text: &str,
        progress: &mut Progress,
        mut emit: impl FnMut(Range<usize>, u32),
    ) {
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut i = 0;
        let mut line_start = 0;
        // Bytes before this offset lie inside a bracket pair closed on the same line.
        let mut quiet_end = 0;
        while i < len {
            // Between sentences: skip whitespace, noting blank lines.
            let start = loop {
                if i >= len {
                    return;
                }
                let b = bytes[i];
                if b == b'\n' {
                    if !progress.line_has_text {
                        progress.blank_line();
                    }
                    progress.line_has_text = false;
                    i += 1;
                    line_start = i;
                } else if b < 0x80 {
                    if !b.is_ascii_whitespace() && b != 0x0B {
                        break i;
                    }
                    i += 1;
                } else {
                    let c = char_at(text, i);
                    if !c.is_whitespace() {
                        break i;
                    }
                    i += c.len_utf8();
                }
            };
            let paragraph = progress.open_segment();
            // Inside a sentence: jump from candidate byte to candidate byte.
            let end = loop {
                let Some(j) = next_candidate(bytes, i) else {
                    i = len;
                    break trim_end(text, start, len);
                };
                match bytes[j] {
                    b'\n' => {
                        i = j;
                        break trim_end(text, start, j);
                    }
                    b'.' | b'!' | b'?' => {}
                    0x9F if j >= 1 && bytes[j - 1] == 0xD8 => {}
                    0xA6 if j >= 2 && bytes[j - 2] == 0xE2 && bytes[j - 1] == 0x80 => {}
                    0x9F | 0xA6 => {
                        i = j + 1;
                        continue;
                    }
                    open => {
                        if j >= quiet_end {
                            quiet_end = closing_bracket(bytes, j, open).unwrap_or(0);
                        }
                        i = j + 1;
                        continue;
                    }
                }
                let mark = match bytes[j] {
                    0x9F => j - 1,
                    0xA6 => j - 2,
                    _ => j,
                };
                let (run_end, kind) = scan_run(text, mark, self.rules.spaced_closers);
                i = run_end;
                let quiet = mark < quiet_end && run_end <= quiet_end;
                let at = Candidate {
                    sentence_start: start,
                    line_start,
                    mark,
                    run_end,
                    kind,
                };
                if !quiet && self.ends_sentence(text, &at) {
                    // CITATION: `… 1805. [6]` keeps its note marker.
                    let end = citation_end(text, run_end);
                    i = end;
                    break end;
                }
            };
            if end > start {
                emit(start..end, paragraph);
            }
        }
    }

    /// Whether the run of final marks `text[mark..run_end]` ends a sentence.
    fn ends_sentence(&self, text: &str, at: &Candidate) -> bool {
        let rules = self.rules;
        let Candidate {
            sentence_start,
            line_start,
            mark,
            run_end,
            kind,
        } = *at;
        // OMISSION: `(...)`, `[…]` mark a cut inside a quotation.
        if kind == RunKind::Ellipsis && matches!(text[..mark].chars().next_back(), Some('(' | '['))
        {
            return false;
        }
        let Some(next) = text[run_end..].chars().next() else {
            return true;
        };
        if next == '\n' {
            return true;
        }
        if !next.is_whitespace() {
            if kind == RunKind::Period && self.period_is_abbreviation(text, line_start, mark) {
                return false;
            }
            // AR-GLUED-END vs GLUED-TOKEN.
            return is_arabic_letter(next);
        }
        let after = &text[run_end..];
        let mut next_start = None;
        for (k, c) in after.char_indices() {
            if c == '\n' {
                return true;
            }
            if !c.is_whitespace() {
                next_start = Some((k, c));
                break;
            }
        }
        let Some((offset, first)) = next_start else {
            return true;
        };
        // ELLIPSIS-INSIDE
        if kind == RunKind::Ellipsis && !rules.ellipsis_ends {
            return false;
        }
        // NEVER-STARTS
        if data::NEVER_STARTS.contains(&first) {
            return false;
        }
        let next_word = leading_word(&after[offset..]);
        if kind == RunKind::Period {
            let word = word_before(text, line_start, mark);
            if !word.is_empty() {
                let mut buf = [0u8; WORD_MAX];
                let lower = ascii_lower(word, &mut buf);
                if in_list(rules.abbreviations, lower) {
                    return false;
                }
                if in_list(rules.maybe_final, lower) || is_dotted(word) {
                    // MAYBE-FINAL / DOTTED-ABBREV
                    return in_list(rules.sentence_starters, next_word.as_bytes());
                }
                // ORDINAL
                if rules.ordinal_period && small_number(word).is_some() {
                    return false;
                }
                if self.is_initial(word) || is_enumerator(text, sentence_start, mark, word) {
                    return false;
                }
            }
        }
        // LOWER-NEXT: an ellipsis, or a `!`/`?` inside a closing quote (`"Stop!" he said`),
        // before a lower-case word sits inside a sentence. A bare `.`, `!` or `?` before
        // lower case is too often a careless sentence start (e-mail, chat) to trust.
        let quoted = run_end > mark + 1 && !is_final_mark(last_char(&text[mark..run_end]));
        let inside = matches!(kind, RunKind::Ellipsis | RunKind::DoublePeriod)
            || (kind == RunKind::Other && quoted);
        !(rules.lowercase_continues && inside && first.is_lowercase())
    }

    /// ABBREV, AR-INITIAL, LATIN-INITIAL, DOTTED-ABBREV for a period glued to what follows
    /// (`أ.د.`): the word before decides, whatever comes after.
    fn period_is_abbreviation(&self, text: &str, line_start: usize, mark: usize) -> bool {
        let word = word_before(text, line_start, mark);
        if word.is_empty() {
            return false;
        }
        let mut buf = [0u8; WORD_MAX];
        let lower = ascii_lower(word, &mut buf);
        in_list(self.rules.abbreviations, lower)
            || in_list(self.rules.maybe_final, lower)
            || is_dotted(word)
            || self.is_initial(word)
    }

    /// A lone letter: an Arabic one (with any tatweel, `هـ`) or a Latin capital.
    fn is_initial(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if self.rules.arabic_initials && is_arabic_letter(first) && first != TATWEEL {
            return chars.all(|c| c == TATWEEL);
        }
        self.rules.latin_initials && first.is_uppercase() && chars.next().is_none()
    }
}

const TATWEEL: char = '\u{0640}';

/// Longest word looked up in the abbreviation lists, in bytes.
const WORD_MAX: usize = 48;

/// The char starting at byte `i` (a char boundary by construction).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FDFB}'
        | '\u{FE70}'..='\u{FEFC}')
}

fn last_char(s: &str) -> char {
    s.chars().next_back().unwrap_or('\0')
}

fn is_final_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// The end of the run of final marks, closers and bidi marks starting at `mark`; with
/// `spaced_closers` (`SPACED-CLOSER`), one space then `»` or `”` belongs to the run too.
fn scan_run(text: &str, mark: usize, spaced_closers: bool) -> (usize, RunKind) {
    let mut end = mark;
    let mut periods = 0;
    let mut ellipsis = false;
    let mut other = false;
    let mut chars = text[mark..].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => periods += 1,
            '…' => ellipsis = true,
            c if is_final_mark(c) => other = true,
            c if data::CLOSERS.contains(&c) || data::BIDI_MARKS.contains(&c) => {}
            c if spaced_closers
                && data::TYPOGRAPHIC_SPACES.contains(&c)
                && chars
                    .peek()
                    .is_some_and(|n| data::SPACED_CLOSERS.contains(n)) => {}
            _ => break,
        }
        end += c.len_utf8();
    }
    let kind = if other {
        RunKind::Other
    } else if periods == 2 && !ellipsis {
        RunKind::DoublePeriod
    } else if ellipsis || periods > 2 {
        RunKind::Ellipsis
    } else {
        RunKind::Period
    };
    (end, kind)
}

/// The offset of the bracket closing the one at `open`, if it is on the same line within
/// [`data::PAREN_REACH`] bytes.
fn closing_bracket(bytes: &[u8], open: usize, open_byte: u8) -> Option<usize> {
    let close = data::PAREN_PAIRS
        .iter()
        .find(|(o, _)| *o == open_byte)
        .map(|(_, c)| *c)?;
    let reach = (open + 1 + data::PAREN_REACH).min(bytes.len());
    let found = memchr::memchr2(close, b'\n', &bytes[open + 1..reach])?;
    let at = open + 1 + found;
    (bytes[at] == close).then_some(at)
}

/// The word right before `mark` (back to whitespace or the line start), without opening
/// quotes and brackets; empty when a space comes right before the mark (` . `) or the word
/// is too long to be an abbreviation.
fn word_before(text: &str, line_start: usize, mark: usize) -> &str {
    // Look back a bounded distance only, so a long run of `a.a.a.…` stays linear.
    let mut floor = mark.saturating_sub(WORD_MAX + 8).max(line_start);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let head = &text[floor..mark];
    let begin = match head.char_indices().rev().find(|&(_, c)| c.is_whitespace()) {
        Some((k, c)) => floor + k + c.len_utf8(),
        None if floor == line_start => floor,
        None => return "",
    };
    let word = text[begin..mark].trim_start_matches([
        '(', '[', '{', '"', '\'', '«', '»', '“', '”', '‘', '„', '-', '—',
    ]);
    if word.len() > WORD_MAX {
        ""
    } else {
        word
    }
}

/// The letters at the start of `text` (the next word, for `sentence_starters`).
fn leading_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .take(WORD_MAX)
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(text.len().min(WORD_MAX), |(k, _)| k);
    let end = (0..=end)
        .rev()
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(0);
    &text[..end]
}

/// `word` with ASCII letters lower-cased, in `buf` (words longer than it never match).
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; WORD_MAX]) -> &'b [u8] {
    let n = word.len().min(WORD_MAX);
    for (dst, src) in buf.iter_mut().zip(word.as_bytes()) {
        *dst = src.to_ascii_lowercase();
    }
    &buf[..n]
}

fn in_list(list: &[&str], word: &[u8]) -> bool {
    !word.is_empty() && list.binary_search_by(|w| w.as_bytes().cmp(word)).is_ok()
}

/// Letters in groups of one or two joined by periods: `U.S`, `a.m`, `Ph.D`, `ق.م`.
fn is_dotted(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let n = part.chars().count();
            (1..=2).contains(&n) && part.chars().all(|c| c.is_alphabetic() && c != TATWEEL)
        })
}

/// ENUMERATOR: a list number (`1.`, `٢.`) inside a sentence: `1` opening the sentence or
/// following a colon, or `N` when `N-1.` came earlier in the same sentence. A lone
/// `4.` after a word (`killing 4. It seems`) is a number that ends a sentence.
fn is_enumerator(text: &str, sentence_start: usize, mark: usize, word: &str) -> bool {
    let Some(value) = small_number(word) else {
        return false;
    };
    // The word may start before the sentence when a glued end split a token.
    let Some(before) = mark
        .checked_sub(word.len())
        .and_then(|end| text.get(sentence_start..end))
    else {
        return false;
    };
    let before = before.trim_end();
    if value == 1 {
        return before.is_empty() || before.ends_with([':', '：']);
    }
    // `0.` follows no item (found by the `segment` fuzz target: `value - 1` overflowed).
    let Some(previous) = value.checked_sub(1) else {
        return false;
    };
    // Look back a bounded distance for the previous item, written in either digit set.
    let mut floor = before.len().saturating_sub(600);
    while !before.is_char_boundary(floor) {
        floor += 1;
    }
    // A first token cut by the window is not a whole word.
    let skip = usize::from(floor > 0);
    before[floor..]
        .split(char::is_whitespace)
        .skip(skip)
        .filter_map(|token| token.strip_suffix('.'))
        .any(|number| small_number(number) == Some(previous))
}

/// The value of a one- or two-digit number in ASCII or Arabic-Indic digits.
fn small_number(word: &str) -> Option<u32> {
    let mut value = 0u32;
    let mut count = 0;
    for c in word.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
            '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
            _ => return None,
        };
        count += 1;
        // More than two digits is no small number: stop before `99999999999` overflows.
        if count > 2 {
            return None;
        }
        value = value * 10 + digit;
    }
    (1..=2).contains(&count).then_some(value)
}

/// The end of a note marker (`[6]`, `[…]`, `[...]`) that follows a sentence's final
/// marks after at most one space, else `run_end`.
fn citation_end(text: &str, run_end: usize) -> usize {
    let rest = &text[run_end..];
    let spaced = rest.strip_prefix(' ').unwrap_or(rest);
    let Some(inner) = spaced.strip_prefix('[') else {
        return run_end;
    };
    let Some(close) = inner.get(..12).unwrap_or(inner).find(']') else {
        return run_end;
    };
    let body = &inner[..close];
    let is_note = !body.is_empty()
        && (body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–'))
            || body == "…"
            || body == "...");
    if is_note {
        run_end + (rest.len() - spaced.len()) + 1 + close + 1
    } else {
        run_end
    }
}

#[cfg(test)]
mod tests;
