//! SentencePiece unigram tokenisation, as the model was trained with: the model file's
//! precompiled normaliser (NFKC-like replacements in a double-array trie), whitespace as
//! `▁`, then the best-scoring split of the normalised text into vocabulary pieces
//! (Viterbi over the lattice of pieces, an unknown character costing far more than any
//! piece).
//!
//! `sp.model` is a protocol-buffer `ModelProto`: field 1 the pieces (each: 1 text,
//! 2 score), field 3 the normaliser spec (1 name, 2 precompiled charsmap, 3 add dummy
//! prefix, 4 remove extra whitespace, 5 escape whitespace). A small reader here decodes
//! just those fields and rejects anything that runs past its bounds.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) const UNK: u32 = 0;
pub(crate) const BOS: u32 = 1;
pub(crate) const EOS: u32 = 2;

/// The whitespace mark of SentencePiece pieces (U+2581).
const SPACE_MARK: &str = "\u{2581}";

pub(crate) struct Tokenizer {
    scores: Vec<f32>,
    unknown_score: f64,
    trie: PieceTrie,
    normalizer: Normalizer,
}

impl Tokenizer {
    /// Reads a `ModelProto`; the error says what is wrong, the caller adds the path.
    pub fn from_model_bytes(data: &[u8]) -> Result<Tokenizer, String> {
        let mut pieces: Vec<(String, f32)> = Vec::new();
        let mut normalizer_spec: Option<&[u8]> = None;
        for field in Fields::new(data) {
            let (number, value) = field?;
            match (number, value) {
                (1, Value::Bytes(piece)) => pieces.push(parse_piece(piece)?),
                (3, Value::Bytes(spec)) => normalizer_spec = Some(spec),
                _ => {}
            }
        }
        if pieces.is_empty() {
            return Err("no vocabulary pieces: not a SentencePiece model".into());
        }
        let normalizer = match normalizer_spec {
            Some(spec) => Normalizer::from_spec(spec)?,
            None => Normalizer::identity(),
        };
        let unknown_score = pieces
            .iter()
            .map(|p| f64::from(p.1))
            .fold(f64::INFINITY, f64::min)
            - 10.0;
        let mut trie = PieceTrie::default();
        let mut scores = Vec::with_capacity(pieces.len());
        for (id, (text, score)) in pieces.iter().enumerate() {
            trie.insert(text, id as u32);
            scores.push(*score);
        }
        Ok(Tokenizer {
            scores,
            unknown_score,
            trie,
            normalizer,
        })
    }

    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// Piece ids of `text` between the begin and end marks.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = Vec::with_capacity(normalized.len() / 3 + 3);
        ids.push(BOS);
        if normalized.is_empty() {
            ids.push(UNK);
        } else {
            self.viterbi(&normalized, &mut ids);
        }
        ids.push(EOS);
        ids
    }

    /// Appends the best split of `text` into pieces. For every position, the nodes starting
    /// there share the best path into it, so one pass from left to right over positions
    /// finds the lattice's best path; ties keep the earliest-starting node, and a position
    /// no single-character piece covers gets an unknown node of one character.
    fn viterbi(&self, text: &str, out: &mut Vec<u32>) {
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let mut best = vec![-1e38f64; len + 1];
        best[0] = 0.0;
        let mut start_of = vec![0u32; len + 1];
        let mut piece_of = vec![UNK; len + 1];
        for i in 0..len {
            let base = best[i];
            let mut node = PieceTrie::ROOT;
            let mut has_single = false;
            for (j, &c) in chars.iter().enumerate().skip(i) {
                let Some(next) = self.trie.child(node, c) else {
                    break;
                };
                node = next;
                if let Some(id) = self.trie.piece(node) {
                    let score = base + f64::from(self.scores[id as usize]);
                    if score > best[j + 1] {
                        best[j + 1] = score;
                        start_of[j + 1] = i as u32;
                        piece_of[j + 1] = id;
                    }
                    has_single |= j == i;
                }
            }
            if !has_single {
                let score = base + self.unknown_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i as u32;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let from = out.len();
        let mut at = len;
        while at > 0 {
            out.push(piece_of[at]);
            at = start_of[at] as usize;
        }
        out[from..].reverse();
    }
}

fn parse_piece(data: &[u8]) -> Result<(String, f32), String> {
    let mut text = None;
    let mut score = 0.0f32;
    for field in Fields::new(data) {
        match field? {
            (1, Value::Bytes(b)) => {
                text = Some(String::from_utf8(b.to_vec()).map_err(|_| "a piece is not UTF-8 text")?)
            }
            (2, Value::Fixed32(bits)) => score = f32::from_bits(bits),
            _ => {}
        }
    }
    let text = text.ok_or("a vocabulary piece has no text")?;
    if !score.is_finite() {
        return Err(format!(
            "the piece `{text}` has a score that is not a number"
        ));
    }
    Ok((text, score))
}

/// The vocabulary as a character trie: each node knows the piece that ends there, if any.
#[derive(Default)]
struct PieceTrie {
    /// (parent node, character) → child node.
    children: HashMap<(u32, char), u32, BuildHasherDefault<PairHasher>>,
    /// Piece id per node, `u32::MAX` for a node that is only a prefix.
    pieces: Vec<u32>,
}

impl PieceTrie {
    const ROOT: u32 = 0;

    fn insert(&mut self, text: &str, id: u32) {
        if self.pieces.is_empty() {
            self.pieces.push(u32::MAX);
        }
        let mut node = Self::ROOT;
        for c in text.chars() {
            let next = self.pieces.len() as u32;
            node = *self.children.entry((node, c)).or_insert(next);
            if node == next {
                self.pieces.push(u32::MAX);
            }
        }
        if node != Self::ROOT {
            self.pieces[node as usize] = id;
        }
    }

    #[inline]
    fn child(&self, node: u32, c: char) -> Option<u32> {
        self.children.get(&(node, c)).copied()
    }

    #[inline]
    fn piece(&self, node: u32) -> Option<u32> {
        let id = self.pieces[node as usize];
        (id != u32::MAX).then_some(id)
    }
}

/// A multiplicative hash for the trie's small fixed-size keys: the default SipHash costs
/// more than the rest of tokenisation together.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The model's normaliser: the longest key of the precompiled charsmap that starts at a
/// position is replaced by its value; then whitespace is trimmed, collapsed and escaped.
struct Normalizer {
    /// Darts-clone double-array units.
    units: Vec<u32>,
    /// NUL-terminated replacement strings the trie's values point into.
    replacements: Vec<u8>,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
}

impl Normalizer {
    fn identity() -> Normalizer {
        Normalizer {
            units: Vec::new(),
            replacements: Vec::new(),
            add_dummy_prefix: true,
            remove_extra_whitespaces: true,
            escape_whitespaces: true,
        }
    }

    fn from_spec(spec: &[u8]) -> Result<Normalizer, String> {
        let mut normalizer = Normalizer::identity();
        for field in Fields::new(spec) {
            match field? {
                (2, Value::Bytes(map)) => {
                    let (units, replacements) = split_charsmap(map)?;
                    normalizer.units = units;
                    normalizer.replacements = replacements;
                }
                (3, Value::Varint(v)) => normalizer.add_dummy_prefix = v != 0,
                (4, Value::Varint(v)) => normalizer.remove_extra_whitespaces = v != 0,
                (5, Value::Varint(v)) => normalizer.escape_whitespaces = v != 0,
                _ => {}
            }
        }
        Ok(normalizer)
    }

    /// The replacement of the longest charsmap key at the start of `rest` and the number
    /// of bytes it replaces; the first character itself when no key matches.
    fn normalize_prefix<'s>(&'s self, rest: &'s str) -> (&'s [u8], usize) {
        let bytes = rest.as_bytes();
        let mut best: Option<(usize, usize)> = None;
        if let Some(&root) = self.units.first() {
            let mut node = offset(root);
            for (k, &c) in bytes.iter().enumerate() {
                node ^= c as usize;
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00FF != u32::from(c) {
                    break;
                }
                node ^= offset(unit);
                if unit & 0x100 != 0 {
                    match self.units.get(node) {
                        Some(&value) => best = Some((k + 1, (value & 0x7FFF_FFFF) as usize)),
                        None => break,
                    }
                }
            }
        }
        match best {
            Some((len, value)) if value < self.replacements.len() => {
                let tail = &self.replacements[value..];
                let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
                (&tail[..end], len)
            }
            _ => {
                let len = rest.chars().next().map_or(1, char::len_utf8);
                (&bytes[..len], len)
            }
        }
    }

    fn normalize(&self, text: &str) -> String {
        let strip = self.remove_extra_whitespaces;
        let space: &[u8] = if self.escape_whitespaces {
            SPACE_MARK.as_bytes()
        } else {
            b" "
        };
        let mut pos = 0;
        if strip {
            while pos < text.len() {
                let (piece, used) = self.normalize_prefix(&text[pos..]);
                if piece != b" " {
                    break;
                }
                pos += used;
            }
        }
        if pos >= text.len() {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(text.len() + 8);
        if self.add_dummy_prefix {
            out.extend_from_slice(space);
        }
        let mut prev_space = strip;
        while pos < text.len() {
            let (mut piece, used) = self.normalize_prefix(&text[pos..]);
            // A replacement may end inside a character only in a broken charsmap; move on
            // to the next character boundary so slicing `text` stays valid.
            pos += used;
            while !text.is_char_boundary(pos) {
                pos += 1;
            }
            if strip && prev_space {
                while let [b' ', tail @ ..] = piece {
                    piece = tail;
                }
            }
            if piece.is_empty() {
                continue;
            }
            if piece.contains(&b' ') {
                for &b in piece {
                    if b == b' ' {
                        out.extend_from_slice(space);
                    } else {
                        out.push(b);
                    }
                }
                prev_space = piece.last() == Some(&b' ');
            } else {
                out.extend_from_slice(piece);
                prev_space = false;
            }
        }
        if strip {
            while out.ends_with(space) {
                out.truncate(out.len() - space.len());
            }
        }
        match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

#[inline]
fn offset(unit: u32) -> usize {
    ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
}

fn split_charsmap(map: &[u8]) -> Result<(Vec<u32>, Vec<u8>), String> {
    let bad = || "the normaliser's charsmap is truncated".to_string();
    let size_bytes: [u8; 4] = map
        .get(..4)
        .ok_or_else(bad)?
        .try_into()
        .map_err(|_| bad())?;
    let trie_size = u32::from_le_bytes(size_bytes) as usize;
    if trie_size % 4 != 0 || 4 + trie_size > map.len() {
        return Err(bad());
    }
    let units = map[4..4 + trie_size]
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok((units, map[4 + trie_size..].to_vec()))
}

enum Value<'a> {
    Varint(u64),
    Fixed32(u32),
    Bytes(&'a [u8]),
}

/// The fields of one protocol-buffer message, in order; an error ends the iteration.
struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> Fields<'a> {
    fn new(data: &'a [u8]) -> Self {
        Fields {
            data,
            pos: 0,
            failed: false,
        }
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let &b = self
                .data
                .get(self.pos)
                .ok_or_else(|| format!("truncated at byte {}", self.pos))?;
            self.pos += 1;
            value |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!(
            "a varint longer than 10 bytes at byte {}",
            self.pos
        ))
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], String> {
        let end = usize::try_from(n)
            .ok()
            .and_then(|n| self.pos.checked_add(n))
            .filter(|&end| end <= self.data.len())
            .ok_or_else(|| format!("a field at byte {} runs past the end", self.pos))?;
        let out = &self.data[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn field(&mut self) -> Result<(u64, Value<'a>), String> {
        let tag = self.varint()?;
        let value = match tag & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Value::Varint(0)
            }
            2 => {
                let len = self.varint()?;
                Value::Bytes(self.take(len)?)
            }
            5 => {
                let b = self.take(4)?;
                Value::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            wire => return Err(format!("unknown wire type {wire} at byte {}", self.pos)),
        };
        Ok((tag >> 3, value))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, Value<'a>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.data.len() {
            return None;
        }
        let field = self.field();
        self.failed = field.is_err();
        Some(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut v: u64, out: &mut Vec<u8>) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    fn bytes_field(number: u64, body: &[u8], out: &mut Vec<u8>) {
        varint(number << 3 | 2, out);
        varint(body.len() as u64, out);
        out.extend_from_slice(body);
    }

    /// A model of the given pieces with no charsmap (whitespace handling only).
    fn model(pieces: &[(&str, f32)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (text, score) in pieces {
            let mut p = Vec::new();
            bytes_field(1, text.as_bytes(), &mut p);
            varint(2 << 3 | 5, &mut p);
            p.extend_from_slice(&score.to_le_bytes());
            bytes_field(1, &p, &mut out);
        }
        let mut spec = Vec::new();
        bytes_field(1, b"identity", &mut spec);
        bytes_field(3, &spec, &mut out);
        out
    }

    fn toy() -> Tokenizer {
        Tokenizer::from_model_bytes(&model(&[
            ("<unk>", 0.0),
            ("<s>", 0.0),
            ("</s>", 0.0),
            ("▁", -2.0),
            ("▁a", -1.0),
            ("b", -3.0),
            ("▁ab", -2.5),
            ("a", -4.0),
        ]))
        .unwrap()
    }

    #[test]
    fn viterbi_takes_the_best_split() {
        let t = toy();
        // ▁ab (-2.5) beats ▁a + b (-4.0).
        assert_eq!(t.encode("ab"), vec![BOS, 6, EOS]);
        // Spaces collapse and trim; `c` has no piece and becomes one unknown.
        assert_eq!(t.encode("  a   b c "), vec![BOS, 4, 3, 5, 3, UNK, EOS]);
        assert_eq!(t.encode(""), vec![BOS, UNK, EOS]);
        // A tab is not a space without the charsmap: kept, and unknown.
        assert_eq!(t.encode(" \t "), vec![BOS, 3, UNK, EOS]);
    }

    #[test]
    fn corrupt_models_are_errors_not_panics() {
        let good = model(&[("<unk>", 0.0), ("▁a", -1.0)]);
        for cut in [1, 3, good.len() / 2, good.len() - 1] {
            assert!(
                Tokenizer::from_model_bytes(&good[..cut]).is_err(),
                "cut {cut}"
            );
        }
        assert!(Tokenizer::from_model_bytes(b"").is_err());
        assert!(Tokenizer::from_model_bytes(&[0xFF; 40]).is_err());
        let mut wrong_wire = good.clone();
        wrong_wire[0] = 1 << 3 | 7;
        assert!(Tokenizer::from_model_bytes(&wrong_wire).is_err());
    }
}
