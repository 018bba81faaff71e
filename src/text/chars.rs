//! Character classes for the hot loops (tokeniser, matcher, number reader), with the
//! answers of `char::is_alphanumeric` / `char::is_alphabetic` exactly, only faster on the
//! text qarin reads: std answers ASCII from a table but every Arabic letter through a
//! binary search over its Unicode tables (`lookup_slow`), which was the largest single
//! cost of reading a long Arabic document. The Arabic block U+0600–U+06FF is answered
//! here from two 256-bit sets; everything else goes to std.

/// U+0600–U+06FF: bit `i` set when U+0600 + i is alphanumeric (a test checks it against std).
const ARABIC_ALPHANUMERIC: [u64; 4] = [
    0xffff_ffff_07ff_0000,
    0xffff_c3ff_feff_ffff,
    0xffff_ffff_ffff_ffff,
    0x9fff_e1fe_1fef_ffff,
];

/// U+0600–U+06FF: bit `i` set when U+0600 + i is alphabetic.
const ARABIC_ALPHABETIC: [u64; 4] = [
    0xffff_ffff_07ff_0000,
    0xffff_c000_feff_ffff,
    0xffff_ffff_ffff_ffff,
    0x9c00_e1fe_1fef_ffff,
];

#[inline]
fn in_arabic_block(set: &[u64; 4], c: char) -> Option<bool> {
    let offset = (c as u32).wrapping_sub(0x0600);
    (offset < 256).then(|| set[(offset / 64) as usize] >> (offset % 64) & 1 == 1)
}

/// `c.is_alphanumeric()`, answered without std's slow path for ASCII and Arabic.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    in_arabic_block(&ARABIC_ALPHANUMERIC, c).unwrap_or_else(|| c.is_alphanumeric())
}

/// `c.is_alphabetic()`, answered without std's slow path for ASCII and Arabic.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_arabic_block(&ARABIC_ALPHABETIC, c).unwrap_or_else(|| c.is_alphabetic())
}

/// `c.is_numeric()`, answered without std's slow path for ASCII and Arabic (whose only
/// numeric characters are its two rows of digits).
#[inline]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    match c as u32 {
        0x0660..=0x0669 | 0x06F0..=0x06F9 => true,
        0x0600..=0x06FF => false,
        _ => c.is_numeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_agree_with_std_for_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }
}
