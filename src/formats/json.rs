//! JSON: the bitext itself, the shape `qarin align --format json` writes (a contract).

use super::*;

pub(crate) struct JsonWriter;

impl BitextWriter for JsonWriter {
    fn write(&self, bitext: &Bitext, out: &mut dyn io::Write) -> Result<WriteReport> {
        serde_json::to_writer_pretty(&mut *out, bitext)
            .map_err(|e| Error::io("cannot write JSON", e.into()))?;
        out.write_all(b"\n").map_err(io_err)?;
        Ok(WriteReport {
            written: bitext.links.len(),
            ..WriteReport::default()
        })
    }
}

pub(crate) struct JsonReader;

impl BitextReader for JsonReader {
    fn read(&self, input: &mut dyn io::BufRead) -> Result<Bitext> {
        let text = read_all(input)?;
        let bitext: Bitext = serde_json::from_str(&text).map_err(|e| {
            Error::syntax(format!(
                "not a qarin bitext: {e}; expected the JSON of `qarin align --format json`"
            ))
            .at(e.line(), e.column())
        })?;
        bitext
            .validate()
            .map_err(|problem| Error::syntax(format!("not a usable bitext: {problem}")))?;
        Ok(bitext)
    }
}
