//! A sorted string table that can live in the binary: the built-in lexicon's tables are
//! generated at compile time (`builtin_codegen.rs`) and borrowed, a user's are built at
//! run time into the same shape, so look-ups are one code path.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// Keys in one arena, sorted; each key with a slice of `values` (or, for a map to one
/// number, that number in `value_start`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Table {
    pub arena: Cow<'static, str>,
    /// Per key, four numbers: key start, key length (bytes in `arena`), value start,
    /// value count.
    pub rows: Cow<'static, [u32]>,
    pub values: Cow<'static, [u32]>,
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
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
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
    }
}
