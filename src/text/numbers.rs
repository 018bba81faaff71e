//! Numbers and dates normalised across digit systems and formats, so that `14/11/2022`,
//! `November 14, 2022`, `14 نوفمبر 2022` and `١٤ تشرين الثاني ٢٠٢٢` all read `2022-11-14`
//! and `٢٫٧` reads `2.7`.
//!
//! Canonical values:
//! - numbers: ASCII digits, no grouping, `.` as decimal mark (`4,500,000` → `4500000`,
//!   `2,7` → `2.7`, `٤٬٥٠٠` → `4500`); a following scale word multiplies (`4.5 million`,
//!   `4,5 مليون` → `4500000`);
//! - dates: ISO 8601 with what is known: `2022-11-14`, `2022-11` (month and year),
//!   `--11-14` (day and month);
//! - times: `14:30`.
//!
//! Separators are read by position: `٫` is always decimal and `٬` always grouping; with
//! both `,` and `.` the last one is the decimal mark; a lone `,` or `.` followed by exactly
//! three digits groups thousands (`4,500`, German `4.500`) unless the integer part is `0`.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberToken {
    pub span: Range<usize>,
    /// Canonical value: `2.7`, `4500000`, `2022-11-14`, `14:30`.
    pub value: String,
}

/// ASCII value of a decimal digit in Latin, Arabic-Indic or Persian (Extended Arabic-Indic) script.
pub fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{0660}'..='\u{0669}' => Some((c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => Some((c as u32 - 0x06F0) as u8),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

/// Month names, lower-case, in the languages of the project's data (English, French,
/// German, Arabic with Egyptian/Gulf, Levantine/Iraqi and Maghreb names). Longest names
/// are tried first so `تشرين الثاني` is not read as `تشرين`.
#[rustfmt::skip]
const MONTHS: &[(&str, u8)] = &[
    ("january", 1), ("jan", 1), ("janvier", 1), ("januar", 1), ("jänner", 1),
    ("february", 2), ("feb", 2), ("février", 2), ("fevrier", 2), ("februar", 2),
    ("march", 3), ("mar", 3), ("mars", 3), ("märz", 3),
    ("april", 4), ("apr", 4), ("avril", 4),
    ("may", 5), ("mai", 5),
    ("june", 6), ("jun", 6), ("juin", 6), ("juni", 6),
    ("july", 7), ("jul", 7), ("juillet", 7), ("juli", 7),
    ("august", 8), ("aug", 8), ("août", 8), ("aout", 8),
    ("september", 9), ("sep", 9), ("sept", 9), ("septembre", 9),
    ("october", 10), ("oct", 10), ("octobre", 10), ("oktober", 10),
    ("november", 11), ("nov", 11), ("novembre", 11),
    ("december", 12), ("dec", 12), ("décembre", 12), ("decembre", 12), ("dezember", 12),
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("إبريل", 4),
    ("مايو", 5), ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8),
    ("اغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("اذار", 3), ("نيسان", 4), ("أيار", 5),
    ("ايار", 5), ("حزيران", 6), ("تموز", 7), ("آب", 8), ("اب", 8), ("أيلول", 9), ("ايلول", 9),
    ("تشرين الأول", 10), ("تشرين الاول", 10), ("تشرين الثاني", 11), ("كانون الأول", 12),
    ("كانون الاول", 12),
    ("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("افريل", 4), ("ماي", 5), ("جوان", 6),
    ("جويلية", 7), ("أوت", 8), ("اوت", 8),
];

/// Scale words that multiply the number before them.
#[rustfmt::skip]
const SCALES: &[(&str, u32)] = &[
    ("thousand", 3), ("million", 6), ("millions", 6), ("billion", 9), ("billions", 9),
    ("mio", 6), ("millionen", 6), ("milliarde", 9), ("milliarden", 9), ("milliard", 9),
    ("milliards", 9), ("mrd", 9),
    ("ألف", 3), ("آلاف", 3), ("الف", 3), ("مليون", 6), ("ملايين", 6), ("مليار", 9),
    ("مليارات", 9), ("بليون", 9),
];

/// A run of digits with the separators inside it, before interpretation.
struct Raw {
    span: Range<usize>,
    /// Digits in ASCII and separators as written, e.g. `14/11/2022`, `4,500.5`.
    text: String,
}

fn raw_numbers(text: &str) -> Vec<Raw> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        // A digit glued to letters (`A320`, `G7`, `COVID-19` keeps `19`) is part of a name.
        if !is_digit(c) {
            k += 1;
            continue;
        }
        // An Arabic letter before a digit is a proclitic (`و2.6` "and 2.6", `ب5`), not a name.
        if k > 0 && chars[k - 1].1.is_alphabetic() && !is_arabic_letter(chars[k - 1].1) {
            while chars.get(k).is_some_and(|&(_, c)| is_digit(c)) {
                k += 1;
            }
            continue;
        }
        let mut s = String::new();
        let mut end_k = k;
        while end_k < chars.len() {
            let c = chars[end_k].1;
            if let Some(d) = digit_value(c) {
                s.push((b'0' + d) as char);
                end_k += 1;
                continue;
            }
            let next_is_digit = chars.get(end_k + 1).is_some_and(|&(_, n)| is_digit(n));
            let sep = match c {
                '.' | ',' | '/' | '-' | ':' | '٫' | '٬' => Some(c),
                // Narrow and non-breaking spaces group thousands in French; a plain space
                // only when exactly three digits follow and end the group.
                '\u{00A0}' | '\u{202F}' | '\u{2009}' => Some(' '),
                ' ' if three_digit_group(&chars, end_k + 1) && last_group_len(&s) <= 3 => Some(' '),
                // The Arabic comma groups thousands in some sources (`30،000`); followed by a
                // space or a shorter group it is a list comma.
                '،' if three_digit_group(&chars, end_k + 1) && last_group_len(&s) <= 3 => {
                    Some(',')
                }
                _ => None,
            };
            match sep {
                Some(sep) if next_is_digit => {
                    s.push(sep);
                    end_k += 1;
                }
                _ => break,
            }
        }
        let end = chars.get(end_k).map_or(text.len(), |&(i, _)| i);
        out.push(Raw {
            span: start..end,
            text: s,
        });
        k = end_k;
    }
    out
}

fn last_group_len(s: &str) -> usize {
    s.rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .map_or(0, str::len)
}

fn three_digit_group(chars: &[(usize, char)], k: usize) -> bool {
    (0..3).all(|o| chars.get(k + o).is_some_and(|&(_, c)| is_digit(c)))
        && !chars.get(k + 3).is_some_and(|&(_, c)| is_digit(c))
}

fn canonical_date(y: u32, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Interprets a raw run as a date, a time or a plain number.
fn interpret(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let seps: Vec<char> = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
    if parts.len() == 3 && seps.windows(2).all(|w| w[0] == w[1]) {
        let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if nums.len() == 3 {
            if parts[0].len() == 4 {
                return canonical_date(nums[0], nums[1], nums[2]);
            }
            if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
                return canonical_date(nums[2], nums[1], nums[0]);
            }
        }
    }
    if seps.contains(&'/') || seps.contains(&'-') {
        return None;
    }
    if let Some((h, m)) = raw.split_once(':') {
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok().filter(|_| m.len() == 2)?);
        return (h < 24 && m < 60).then(|| format!("{h}:{m:02}"));
    }
    canonical_number(raw)
}

fn canonical_number(raw: &str) -> Option<String> {
    let decimal = if raw.contains('٫') {
        Some('٫')
    } else if raw.contains(',') && raw.contains('.') {
        raw.chars().rev().find(|c| *c == ',' || *c == '.')
    } else {
        [',', '.'].into_iter().find(|&sep| {
            let groups: Vec<&str> = raw.split(sep).collect();
            groups.len() == 2 && (groups[1].len() != 3 || groups[0] == "0")
        })
    };
    let (int, frac) = match decimal {
        Some(d) => raw.rsplit_once(d)?,
        None => (raw, ""),
    };
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if frac.is_empty() {
        Some(int.to_string())
    } else if frac.chars().all(|c| c.is_ascii_digit()) {
        Some(format!("{int}.{frac}"))
    } else {
        None
    }
}

/// Multiplies a canonical decimal by 10^exp without floating point (`4.5` × 10^6 → `4500000`).
fn scale(value: &str, exp: u32) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let exp = exp as usize;
    let mut digits = format!("{int}{}", &frac[..frac.len().min(exp)]);
    if frac.len() < exp {
        digits.push_str(&"0".repeat(exp - frac.len()));
    }
    let digits = digits.trim_start_matches('0');
    let int = if digits.is_empty() { "0" } else { digits };
    if frac.len() > exp {
        format!("{int}.{}", &frac[exp..])
    } else {
        int.to_string()
    }
}

/// The byte length of a word from `MONTHS`/`SCALES` at `text[at..]`, if one starts there
/// and ends at a word boundary; Latin names compare case-insensitively and may carry a
/// period (`Nov.`).
fn match_word<T: Copy>(text: &str, at: usize, table: &[(&str, T)]) -> Option<(usize, T)> {
    let rest = text.get(at..)?;
    let mut best: Option<(usize, T)> = None;
    for &(name, value) in table {
        let Some(len) = prefix_len_ci(rest, name) else {
            continue;
        };
        if rest[len..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if best.map_or(true, |(l, _)| len > l) {
            best = Some((len, value));
        }
    }
    best.map(|(len, v)| {
        let len = if rest[len..].starts_with('.') {
            len + 1
        } else {
            len
        };
        (len, v)
    })
}

/// Length in `text` of a case-insensitive match of lower-case `name` at its start.
fn prefix_len_ci(text: &str, name: &str) -> Option<usize> {
    let mut it = text.char_indices();
    for nc in name.chars() {
        let (_, c) = it.next()?;
        if !c.to_lowercase().eq(std::iter::once(nc)) {
            return None;
        }
    }
    Some(it.next().map_or(text.len(), |(i, _)| i))
}

/// Skips spaces and, when `punct` allows, one of the given punctuation marks around them.
fn skip_gap(text: &str, mut at: usize, punct: &[char]) -> usize {
    let mut used = false;
    while let Some(c) = text.get(at..).and_then(|r| r.chars().next()) {
        if c.is_whitespace() {
            at += c.len_utf8();
        } else if !used && punct.contains(&c) {
            used = true;
            at += c.len_utf8();
        } else {
            break;
        }
    }
    at
}

/// Skips backwards over spaces and one optional punctuation mark from `punct`.
fn skip_gap_back(text: &str, mut at: usize, punct: &[char]) -> usize {
    let mut used = false;
    while let Some(c) = text.get(..at).and_then(|r| r.chars().next_back()) {
        if c.is_whitespace() {
            at -= c.len_utf8();
        } else if !used && punct.contains(&c) {
            used = true;
            at -= c.len_utf8();
        } else {
            break;
        }
    }
    at
}

/// Where a month name ends when one ends at byte `end` (searching backwards).
fn month_before(text: &str, end: usize) -> Option<(usize, u8)> {
    // Month names have at most two words and 30 bytes: look at the starts of the last two
    // words in a short window, so a long text costs no more per number than a short one.
    let mut from = end.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = text.get(from..end)?;
    let starts: Vec<usize> = head
        .char_indices()
        .filter(|&(i, c)| {
            c.is_alphabetic()
                && !head[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
        })
        .map(|(i, _)| from + i)
        .collect();
    starts.iter().rev().take(2).find_map(|&s| {
        let (len, m) = match_word(text, s, MONTHS)?;
        let stop = skip_gap_back(text, end, &['.']);
        (s + len == end || s + len == stop || s + len.saturating_sub(1) == stop).then_some((s, m))
    })
}

fn year_of(raw: &Raw) -> Option<u32> {
    (raw.text.len() == 4 && raw.text.chars().all(|c| c.is_ascii_digit()))
        .then(|| raw.text.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day_of(raw: &Raw) -> Option<u32> {
    (raw.text.len() <= 2 && raw.text.chars().all(|c| c.is_ascii_digit()))
        .then(|| raw.text.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// Numbers, dates and times of `text` with canonical values, in text order.
pub fn numbers(text: &str) -> Vec<NumberToken> {
    let raws = raw_numbers(text);
    let mut out = Vec::with_capacity(raws.len());
    let mut k = 0;
    while k < raws.len() {
        if let Some((token, used)) = written_date(text, &raws, k) {
            out.push(token);
            k += used;
            continue;
        }
        let raw = &raws[k];
        k += 1;
        let Some(mut value) = interpret(&raw.text) else {
            continue;
        };
        let mut span = raw.span.clone();
        if !value.contains(['-', ':']) {
            let after = skip_gap(text, span.end, &[]);
            if after > span.end {
                if let Some((len, exp)) = match_word(text, after, SCALES) {
                    value = scale(&value, exp);
                    span.end = after + len;
                }
            }
        }
        out.push(NumberToken { span, value });
    }
    out
}

/// A date written with a month name starting at raw number `k`: `14 November 2022`,
/// `14. November 2022`, `November 14, 2022`, `١٤ تشرين الثاني ٢٠٢٢`, `November 2022`,
/// `14 نوفمبر`. Returns the token and how many raw numbers it used.
fn written_date(text: &str, raws: &[Raw], k: usize) -> Option<(NumberToken, usize)> {
    let raw = &raws[k];
    // Day first: `14 November 2022`, `14. November`.
    if let Some(day) = day_of(raw) {
        let at = skip_gap(text, raw.span.end, &['.']);
        if let Some((len, month)) = match_word(text, at, MONTHS) {
            let after = skip_gap(text, at + len, &[',']);
            if let Some(next) = raws.get(k + 1).filter(|r| r.span.start == after) {
                if let Some(year) = year_of(next) {
                    let value = canonical_date(year, month.into(), day)?;
                    return Some((
                        NumberToken {
                            span: raw.span.start..next.span.end,
                            value,
                        },
                        2,
                    ));
                }
            }
            return Some((
                NumberToken {
                    span: raw.span.start..at + len,
                    value: format!("--{month:02}-{day:02}"),
                },
                1,
            ));
        }
    }
    // Month first: `November 14, 2022`, `November 2022`.
    let before = skip_gap_back(text, raw.span.start, &[]);
    if before < raw.span.start {
        if let Some((mstart, month)) = month_before(text, before) {
            if let Some(day) = day_of(raw) {
                let after = skip_gap(text, raw.span.end, &[',']);
                if let Some(next) = raws.get(k + 1).filter(|r| r.span.start == after) {
                    if let Some(year) = year_of(next) {
                        let value = canonical_date(year, month.into(), day)?;
                        return Some((
                            NumberToken {
                                span: mstart..next.span.end,
                                value,
                            },
                            2,
                        ));
                    }
                }
                return Some((
                    NumberToken {
                        span: mstart..raw.span.end,
                        value: format!("--{month:02}-{day:02}"),
                    },
                    1,
                ));
            }
            if let Some(year) = year_of(raw) {
                return Some((
                    NumberToken {
                        span: mstart..raw.span.end,
                        value: format!("{year:04}-{month:02}"),
                    },
                    1,
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_proclitic_glued_to_a_number_leaves_the_number_whole() {
        let values =
            |t: &str| -> Vec<String> { super::numbers(t).into_iter().map(|n| n.value).collect() };
        assert_eq!(values("و2.6"), ["2.6"]);
        assert_eq!(values("ب١٥"), ["15"]);
        // Latin letters glued to digits make a name: A320, G7.
        assert!(values("A320 و G7").is_empty());
    }

    #[test]
    fn an_arabic_comma_before_three_digits_groups_thousands() {
        let values =
            |t: &str| -> Vec<String> { super::numbers(t).into_iter().map(|n| n.value).collect() };
        assert_eq!(values("30،000 شخص"), ["30000"]);
        assert_eq!(values("في 3، 4"), ["3", "4"]);
        assert_eq!(values("3،45"), ["3", "45"]);
    }

    use super::*;

    fn values(text: &str) -> Vec<String> {
        numbers(text).into_iter().map(|n| n.value).collect()
    }

    #[test]
    fn dates_agree_across_formats_and_scripts() {
        for text in [
            "14/11/2022",
            "November 14, 2022",
            "Nov. 14, 2022",
            "14 November 2022",
            "14. November 2022",
            "le 14 novembre 2022",
            "14 نوفمبر 2022",
            "١٤ تشرين الثاني ٢٠٢٢",
            "۱۴/۱۱/۲۰۲۲",
            "2022-11-14",
        ] {
            assert_eq!(values(text), ["2022-11-14"], "{text}");
        }
    }

    #[test]
    fn partial_dates_keep_what_is_known() {
        assert_eq!(values("in November 2022"), ["2022-11"]);
        assert_eq!(values("في 14 نوفمبر الجاري"), ["--11-14"]);
        assert_eq!(values("on May 5 they"), ["--05-05"]);
    }

    #[test]
    fn decimal_and_grouping_marks() {
        assert_eq!(values("٢٫٧"), ["2.7"]);
        assert_eq!(values("2.7 and 2,7"), ["2.7", "2.7"]);
        assert_eq!(values("4,500,000 or 4.500.000"), ["4500000", "4500000"]);
        assert_eq!(values("٤٬٥٠٠٬٠٠٠"), ["4500000"]);
        assert_eq!(values("1,234.5 and 1.234,5"), ["1234.5", "1234.5"]);
        assert_eq!(values("0.125"), ["0.125"]);
        assert_eq!(values("à 4 000 m"), ["4000"]);
        assert_eq!(values("007"), ["7"]);
    }

    #[test]
    fn scale_words_multiply() {
        assert_eq!(values("4.5 million"), ["4500000"]);
        assert_eq!(values("4,5 مليون"), ["4500000"]);
        assert_eq!(values("3 Milliarden"), ["3000000000"]);
        assert_eq!(values("1.25 billion"), ["1250000000"]);
    }

    #[test]
    fn times_and_names_with_digits() {
        assert_eq!(values("at 14:30"), ["14:30"]);
        assert!(values("an A320 and G7").is_empty());
    }

    #[test]
    fn spans_point_at_the_written_form() {
        let text = "وفي ١٤ تشرين الثاني ٢٠٢٢ قال";
        let n = &numbers(text)[0];
        assert_eq!(&text[n.span.clone()], "١٤ تشرين الثاني ٢٠٢٢");
        let text = "On November 14, 2022, he";
        let n = &numbers(text)[0];
        assert_eq!(&text[n.span.clone()], "November 14, 2022");
    }

    #[test]
    fn month_words_alone_are_not_numbers() {
        assert!(values("in May they may go").is_empty());
        assert!(values("").is_empty());
        assert_eq!(values("1989"), ["1989"]);
    }

    #[test]
    fn month_table_is_lower_case() {
        for (name, m) in MONTHS {
            assert_eq!(name.to_lowercase(), *name);
            assert!((1..=12).contains(m));
        }
    }
}
