//! TBX (TermBase eXchange) reading and writing.

use super::{Glossary, Located};
use crate::error::{Error, Result};

/// Which TBX edition to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TbxVersion {
    /// ISO 30042:2008, `<martif type="TBX">`: what OmegaT and translate-toolkit read.
    #[default]
    V2,
    /// ISO 30042:2019, `<tbx xmlns="urn:iso:std:iso:30042:ed-2">`.
    V3,
}

pub(crate) fn read(_text: &str) -> (Vec<Located>, Vec<Error>) {
    (
        Vec::new(),
        vec![Error::syntax("TBX reading is not built yet")],
    )
}

pub(crate) fn write(_g: &Glossary, _v: TbxVersion, _out: &mut dyn std::io::Write) -> Result<()> {
    Err(Error::usage("TBX writing is not built yet"))
}
