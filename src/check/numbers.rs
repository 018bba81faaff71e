//! `number-mismatch`: every number or date of the source side of a link needs a
//! counterpart on the target side.
//!
//! Values come canonical from [`crate::text::numbers`] (digit systems, grouping, dates). On
//! top of equal values, what professional translations do without changing the number is
//! accepted, so that the warning means a number really went missing or changed:
//! - the same digits at another scale: `2.8 مليار` ~ `£2.8bn`, `142 مليونًا` ~ `142 million`,
//!   `5:30` ~ `5.30pm` (compared as significant digits, `28`, `142`, `53`);
//! - English number words: `20 بالمائة` ~ `Twenty per cent`, `8` ~ `eight`, `58` ~ `Fifty-eight`;
//! - a date split differently: `30 سبتمبر، من عام 1882` ~ `September 30, 1882`;
//! - a year range abbreviated the English way: `1950 وحتى 1953` ~ `1950-53`.

use super::{more_in_sentence, Context, Draft, LinkView, MAX_PER_SENTENCE, NUMBER_MISMATCH};
use crate::model::Finding;
use crate::text::numbers::numbers;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

pub(crate) fn check_link(ctx: &Context<'_>, view: &LinkView<'_>, out: &mut Vec<Finding>) {
    if view.link.src.is_empty() || view.link.tgt.is_empty() {
        return;
    }
    let mut target = TargetNumbers::default();
    for t in view.targets() {
        target.add(ctx.target_text(t), ctx.target_words_of(t).map(|(_, w)| w));
    }
    for s in view.sources() {
        let mut missing = 0usize;
        let text = ctx.source_text(s);
        for (span, value) in source_numbers(&super::without_markup(text)) {
            if target.take(&value) {
                continue;
            }
            missing += 1;
            if missing > MAX_PER_SENTENCE {
                continue;
            }
            let written = text.get(span.clone()).unwrap_or(&value);
            let mut d = Draft::new(
                NUMBER_MISMATCH,
                format!("the source has {written}; the translation has no {value}"),
            );
            d.expected = Some(value);
            d.source = Some(s);
            d.source_span = Some(span);
            d.target = view.first_target();
            d.link = Some(view.index);
            out.push(d.finish(ctx));
        }
        if let Some(summary) = more_in_sentence(ctx, view, s, NUMBER_MISMATCH, missing, "number") {
            out.push(summary);
        }
    }
}

/// Numbers of an Arabic sentence as (byte span, canonical value).
fn source_numbers(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    numbers(text)
        .into_iter()
        .map(|n| (n.span, n.value))
        .collect()
}

#[derive(Default)]
struct TargetNumbers {
    /// Exact values with how many are left: two `5`s in the source need two in the target.
    exact: HashMap<String, usize>,
    /// Plain numbers (not dates or times) with whether one was used already.
    /// Unused plain values, each with the order it was added in (the first is used
    /// first); ordered by value, so finding one within a tolerance is a range look-up
    /// and a sentence of 10,000 numbers stays fast.
    plain: BTreeMap<PlainKey, VecDeque<usize>>,
    added: usize,
    /// Years, year-months and day-months of every date.
    date_parts: HashSet<String>,
    text: String,
}

impl TargetNumbers {
    fn add<'w>(&mut self, text: &str, words: impl Iterator<Item = &'w str>) {
        for n in numbers(text) {
            self.add_value(&n.value);
        }
        for value in number_words(words) {
            self.add_value(&value.to_string());
        }
        self.text.push_str(text);
        self.text.push(' ');
    }

    fn add_value(&mut self, value: &str) {
        // A time also stands for its hour: `الساعة 4` ~ `04:00`.
        if let Some(x) = plain_value(&time_as_decimal(value)) {
            self.plain
                .entry(PlainKey(x))
                .or_default()
                .push_back(self.added);
            self.added += 1;
        }
        if let Some((year, rest)) = value.split_once('-').filter(|(y, _)| !y.is_empty()) {
            self.date_parts.insert(year.to_string());
            if let Some((month, day)) = rest.split_once('-') {
                self.date_parts.insert(format!("{year}-{month}"));
                self.date_parts.insert(format!("--{month}-{day}"));
            }
        }
        *self.exact.entry(value.to_string()).or_default() += 1;
    }

    fn take(&mut self, value: &str) -> bool {
        for value in [value, &time_as_decimal(value)] {
            if let Some(left) = self.exact.get_mut(value).filter(|left| **left > 0) {
                *left -= 1;
                if let Some(x) = plain_value(value) {
                    self.use_plain(x, &[1.0]);
                }
                return true;
            }
        }
        let value = &time_as_decimal(value);
        if let Some(x) = plain_value(value) {
            // The same value written otherwise (`4` ~ `04:00`), or the same digits at another
            // scale: `2.8 مليار` read as 2800000000, `£2.8bn` as 2.8.
            if self.use_plain(x, &[1.0, 1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9]) {
                return true;
            }
        }
        if self.date_parts.contains(value) {
            return true;
        }
        // A full date whose day and year the translation gives apart.
        if let Some((year, rest)) = value.split_once('-').filter(|(y, _)| y.len() == 4) {
            if let Some((month, day)) = rest.split_once('-') {
                let day_month = format!("--{month}-{day}");
                return self.date_parts.contains(year) && self.date_parts.contains(&day_month);
            }
        }
        // `1950-53`: a year range the English way, which is not read as numbers.
        if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) {
            let tail = &value[2..];
            return self.text.contains(value)
                || ["-", "–", "—"]
                    .iter()
                    .any(|dash| self.text.contains(&format!("{dash}{tail}")));
        }
        false
    }

    /// Marks as used the first unused plain number equal to `x` times one of `factors`.
    fn use_plain(&mut self, x: f64, factors: &[f64]) -> bool {
        let tolerance = 1e-9 * x.abs().max(1.0);
        let mut best: Option<(usize, PlainKey)> = None;
        for f in factors {
            let (a, b) = ((x - tolerance) / f, (x + tolerance) / f);
            let (lo, hi) = (a.min(b), a.max(b));
            for (key, unused) in self.plain.range(PlainKey(lo)..=PlainKey(hi)) {
                // The exact test of the linear rule, on the few keys in range.
                if (key.0 * f - x).abs() > tolerance {
                    continue;
                }
                if let Some(&order) = unused.front() {
                    if best.map_or(true, |(o, _)| order < o) {
                        best = Some((order, *key));
                    }
                }
            }
        }
        let Some((_, key)) = best else {
            return false;
        };
        if let Some(unused) = self.plain.get_mut(&key) {
            unused.pop_front();
            if unused.is_empty() {
                self.plain.remove(&key);
            }
        }
        true
    }
}

/// A plain value as a map key, ordered by [`f64::total_cmp`].
#[derive(Clone, Copy, Debug)]
struct PlainKey(f64);

impl PartialEq for PlainKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0).is_eq()
    }
}
impl Eq for PlainKey {}
impl PartialOrd for PlainKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for PlainKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A plain number's value; None for dates (`2022-11-14`) and times (`14:30`).
fn plain_value(value: &str) -> Option<f64> {
    if value.contains(['-', ':']) {
        return None;
    }
    value.parse().ok()
}

/// `5:30` as `5.30`, the way British English writes times (`5.30pm`).
fn time_as_decimal(value: &str) -> String {
    match value.split_once(':') {
        Some((h, m)) if !h.contains('-') => format!("{h}.{m}"),
        _ => value.to_string(),
    }
}

#[rustfmt::skip]
const UNITS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
];
#[rustfmt::skip]
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Numbers written as English words (`eight`, `Fifty-eight`, `a dozen`, `a decade`),
/// 0 to 99: larger ones are written in digits in news style.
fn number_words<'w>(words: impl Iterator<Item = &'w str>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut prev_a = false;
    for word in words {
        let lower = word.to_lowercase();
        if prev_a && (lower == "dozen" || lower == "decade") {
            out.push(if lower == "dozen" { 12 } else { 10 });
        }
        prev_a = lower == "a";
        let (tens_word, unit_word) = match lower.split_once(['-', '‐']) {
            Some((t, u)) => (t, Some(u)),
            None => (lower.as_str(), None),
        };
        // `six-month`, `two-year-old`: the number word leads a compound.
        if let Some(u) = UNITS.iter().position(|w| *w == tens_word) {
            out.push(u as u32);
            continue;
        }
        if let Some(t) = TENS.iter().position(|w| !w.is_empty() && *w == tens_word) {
            let unit = unit_word
                .and_then(|u| UNITS[1..10].iter().position(|w| *w == u))
                .map_or(0, |u| u as u32 + 1);
            out.push(t as u32 * 10 + unit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(source: &str, target: &str) -> Vec<(String, bool)> {
        let mut t = TargetNumbers::default();
        t.add(
            target,
            crate::text::tokens::words(target)
                .into_iter()
                .map(|(_, w)| w),
        );
        source_numbers(source)
            .into_iter()
            .map(|(_, v)| {
                let ok = t.take(&v);
                (v, ok)
            })
            .collect()
    }

    fn all_accepted(source: &str, target: &str) -> bool {
        let found = accepted(source, target);
        !found.is_empty() && found.iter().all(|(_, ok)| *ok)
    }

    #[test]
    fn renderings_that_keep_the_number_are_accepted() {
        assert!(all_accepted(
            "بقيمة 2.8 مليار جنيه",
            "the UK's £2.8bn beauty market"
        ));
        assert!(all_accepted(
            "وقال 20 بالمائة من التلاميذ",
            "Twenty per cent of pupils"
        ));
        assert!(all_accepted(
            "قال 58٪ من الناخبين",
            "Fifty-eight percent of voters"
        ));
        assert!(all_accepted("مصرع 8 أشخاص", "killed eight people"));
        assert!(all_accepted(
            "يوم 30 سبتمبر، من عام 1882",
            "September 30, 1882"
        ));
        assert!(all_accepted("من 1950 وحتى 1953", "the 1950-53 Korea War"));
        assert!(all_accepted("هو 5:30 مساءً", "is 5.30pm on a Saturday"));
        assert!(all_accepted(
            "متوسط 5.6 نقاط و2.6 ارتداد",
            "5.6 points and 2.6 rebounds"
        ));
        assert!(all_accepted("في ١٤/١١/٢٠٢٢", "on November 14, 2022"));
        assert!(all_accepted(
            "بين الساعة 12:00 و13:00",
            "between 12:00 and 13:00 BST"
        ));
        assert!(all_accepted(
            "في حوالي الساعة 4 يوم السبت",
            "at about 04:00 BST on Saturday"
        ));
        assert!(all_accepted("لمدة 6 أشهر", "for the six-month gig"));
    }

    #[test]
    fn changed_or_missing_numbers_are_not() {
        assert_eq!(
            accepted("وقعت 1197 حالة فرار", "there had been 1,127 defections"),
            [("1197".to_string(), false)]
        );
        assert_eq!(
            accepted("أكثر من 300 ألف تلميذ", "upwards of 30,000 pupils"),
            [("300000".to_string(), false)]
        );
        // Two fives in the source need two in the target.
        assert_eq!(
            accepted("خسر 5 من 5", "lost 5 matches"),
            [("5".to_string(), true), ("5".to_string(), false)]
        );
    }
}
