//! A sorted string table that can live in the binary: the built-in lexicon's tables are
//! generated at compile time (`builtin_codegen.rs`) and borrowed, a user's are built at
//! run time into the same shape, so look-ups are one code path.

use rustc_hash::FxHasher;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::sync::OnceLock;

/// Keys in one arena, sorted; each key with a slice of `values` (or, for a map to one
/// number, that number in `value_start`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Table {
    pub arena: Cow<'static, str>,
    /// Per key, four numbers: key start, key length (bytes in `arena`), value start,
    /// value count.
    pub rows: Cow<'static, [u32]>,
    pub values: Cow<'static, [u32]>,
    /// A hash index over the keys, made on the first look-up: a binary search compares a
    /// dozen strings, and every word of a text is looked up several times.
    pub slots: Slots,
}

/// Open-addressing slots, each a key's position + 1 (0: empty); a power of two long.
/// Derived from the keys, so two tables with the same keys are equal whatever it holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Slots(OnceLock<Box<[u32]>>);

impl PartialEq for Slots {
    fn eq(&self, _: &Slots) -> bool {
        true
    }
}

impl Eq for Slots {}

fn hash(key: &str) -> usize {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.finish() as usize
}

impl Table {
    /// A table of `map`'s keys with their value lists.
    pub fn from_lists(map: &BTreeMap<String, Vec<u32>>) -> Table {
        let mut arena = String::new();
        let mut rows = Vec::with_capacity(map.len() * 4);
        let mut values = Vec::new();
        for (key, list) in map {
            rows.extend([
                arena.len() as u32,
                key.len() as u32,
                values.len() as u32,
                list.len() as u32,
            ]);
            arena.push_str(key);
            values.extend_from_slice(list);
        }
        Table {
            arena: Cow::Owned(arena),
            rows: Cow::Owned(rows),
            values: Cow::Owned(values),
            slots: Slots::default(),
        }
    }

    /// A table of `map`'s keys with one number each.
    pub fn from_numbers(map: &BTreeMap<String, u32>) -> Table {
        let mut arena = String::new();
        let mut rows = Vec::with_capacity(map.len() * 4);
        for (key, &n) in map {
            rows.extend([arena.len() as u32, key.len() as u32, n, 0]);
            arena.push_str(key);
        }
        Table {
            arena: Cow::Owned(arena),
            rows: Cow::Owned(rows),
            values: Cow::Borrowed(&[]),
            slots: Slots::default(),
        }
    }

    /// A table of generated arrays (`builtin_codegen.rs`).
    pub fn borrowed(arena: &'static str, rows: &'static [u32], values: &'static [u32]) -> Table {
        Table {
            arena: Cow::Borrowed(arena),
            rows: Cow::Borrowed(rows),
            values: Cow::Borrowed(values),
            slots: Slots::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len() / 4
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `k`-th key in sorted order.
    pub fn key(&self, k: usize) -> &str {
        let start = self.rows[k * 4] as usize;
        let len = self.rows[k * 4 + 1] as usize;
        &self.arena[start..start + len]
    }

    /// Position of `key` in sorted order.
    pub fn find(&self, key: &str) -> Option<usize> {
        let slots = self.slots.0.get_or_init(|| self.index_slots());
        let mask = slots.len().checked_sub(1)?;
        let mut at = hash(key) & mask;
        loop {
            let k = slots[at].checked_sub(1)? as usize;
            if self.key(k) == key {
                return Some(k);
            }
            at = (at + 1) & mask;
        }
    }

    /// At most half full, so a miss ends soon.
    fn index_slots(&self) -> Box<[u32]> {
        if self.is_empty() {
            return Box::default();
        }
        let mut slots = vec![0u32; (self.len() * 2).next_power_of_two()];
        let mask = slots.len() - 1;
        for k in 0..self.len() {
            let mut at = hash(self.key(k)) & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = k as u32 + 1;
        }
        slots.into_boxed_slice()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// The value list of `key`.
    pub fn list(&self, key: &str) -> Option<&[u32]> {
        let k = self.find(key)?;
        let start = self.rows[k * 4 + 2] as usize;
        let len = self.rows[k * 4 + 3] as usize;
        Some(&self.values[start..start + len])
    }

    /// The number of `key` (tables made by [`Table::from_numbers`]).
    pub fn number(&self, key: &str) -> Option<u32> {
        self.find(key).map(|k| self.rows[k * 4 + 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_lists_and_numbers() {
        let lists: BTreeMap<String, Vec<u32>> = [("b", vec![1, 2]), ("a", vec![]), ("c", vec![7])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let t = Table::from_lists(&lists);
        assert_eq!(t.list("b"), Some(&[1, 2][..]));
        assert_eq!(t.list("a"), Some(&[][..]));
        assert_eq!(t.list("c"), Some(&[7][..]));
        assert_eq!(t.list("d"), None);
        assert_eq!(t.find("c"), Some(2));
        assert_eq!(t.key(0), "a");
        let numbers: BTreeMap<String, u32> = [("x".to_string(), 3)].into_iter().collect();
        assert_eq!(Table::from_numbers(&numbers).number("x"), Some(3));
        assert!(Table::default().find("x").is_none());
        for (k, key) in ["a", "b", "c"].iter().enumerate() {
            assert_eq!(t.find(key), Some(k));
        }
        assert_eq!(t.find(""), None);
    }
}
