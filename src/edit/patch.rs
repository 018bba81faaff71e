//! Exact undo: the difference between two bitexts as one splice of links and one splice
//! of sentences per side, found by comparing common prefixes and suffixes.

use crate::model::{Bitext, Link, Segment, Verdict};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Sentences `at..at + old.len()` of one side replaced by `new`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Splice<T> {
    pub at: u32,
    pub old: Vec<T>,
    pub new: Vec<T>,
}

impl<T: Clone + PartialEq> Splice<T> {
    fn inverse(&self) -> Splice<T> {
        Splice {
            at: self.at,
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }

    /// How far the items after the splice move.
    fn delta(&self) -> i64 {
        self.new.len() as i64 - self.old.len() as i64
    }

    fn apply(&self, items: &mut Vec<T>) -> Result<(), String> {
        let at = self.at as usize;
        let end = at + self.old.len();
        if end > items.len() || items[at..end] != self.old[..] {
            return Err("the bitext is not the one this change was made on".into());
        }
        items.splice(at..end, self.new.iter().cloned());
        Ok(())
    }
}

/// What one edit changed. Links after the spliced window keep their shape and move by
/// the change in sentence counts before them; applying [`Patch::inverse`] to the result
/// gives back the bitext the patch was made from, exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Patch {
    pub links: Splice<Link>,
    pub source: Splice<Segment>,
    pub target: Splice<Segment>,
    pub old_verdict: Option<Verdict>,
    pub new_verdict: Option<Verdict>,
}

impl Patch {
    /// The smallest patch that turns `old` into `new`: linear in their size.
    pub fn between(old: &Bitext, new: &Bitext) -> Patch {
        let eq = |a: &Segment, b: &Segment| a == b;
        let source = splice(&old.source.segments, &new.source.segments, eq, eq);
        let target = splice(&old.target.segments, &new.target.segments, eq, eq);
        let (ds, dt) = (source.delta(), target.delta());
        // Links after the change moved by the sentences added or removed before them.
        let links = splice(
            &old.links,
            &new.links,
            |a, b| a == b,
            |a, b| shifted(a, ds, dt).as_ref() == Some(b),
        );
        Patch {
            links,
            source,
            target,
            old_verdict: old.verdict.clone(),
            new_verdict: new.verdict.clone(),
        }
    }

    pub fn inverse(&self) -> Patch {
        Patch {
            links: self.links.inverse(),
            source: self.source.inverse(),
            target: self.target.inverse(),
            old_verdict: self.new_verdict.clone(),
            new_verdict: self.old_verdict.clone(),
        }
    }

    /// Applies the patch in place; on a bitext it was not made from, fails and leaves
    /// the bitext as it was.
    pub fn apply(&self, bitext: &mut Bitext) -> Result<(), String> {
        let mut b = bitext.clone();
        self.source.apply(&mut b.source.segments)?;
        self.target.apply(&mut b.target.segments)?;
        let tail_start = self.links.at as usize + self.links.old.len();
        let (ds, dt) = (self.source.delta(), self.target.delta());
        if tail_start > b.links.len() {
            return Err("the bitext is not the one this change was made on".into());
        }
        for link in &mut b.links[tail_start..] {
            link.src = shift(&link.src, ds)?;
            link.tgt = shift(&link.tgt, dt)?;
        }
        self.links.apply(&mut b.links)?;
        b.verdict = self.new_verdict.clone();
        *bitext = b;
        Ok(())
    }

    /// Links of the result this patch wrote (indices in the new numbering).
    pub fn touched(&self) -> Range<u32> {
        self.links.at..self.links.at + self.links.new.len() as u32
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.links.old == self.links.new
            && self.source.old == self.source.new
            && self.target.old == self.target.new
            && self.old_verdict == self.new_verdict
    }
}

fn shift(range: &Range<u32>, by: i64) -> Result<Range<u32>, String> {
    let move_to =
        |i: u32| u32::try_from(i as i64 + by).map_err(|_| "index out of range".to_string());
    Ok(move_to(range.start)?..move_to(range.end)?)
}

fn shifted(link: &Link, ds: i64, dt: i64) -> Option<Link> {
    Some(Link {
        src: shift(&link.src, ds).ok()?,
        tgt: shift(&link.tgt, dt).ok()?,
        ..link.clone()
    })
}

/// The window where `old` and `new` differ: after their common prefix (`same`) and
/// before their common suffix (`same_after`, which may compare moved items).
fn splice<T: Clone>(
    old: &[T],
    new: &[T],
    same: impl Fn(&T, &T) -> bool,
    same_after: impl Fn(&T, &T) -> bool,
) -> Splice<T> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| same(a, b)).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| same_after(a, b))
        .count();
    Splice {
        at: prefix as u32,
        old: old[prefix..old.len() - suffix].to_vec(),
        new: new[prefix..new.len() - suffix].to_vec(),
    }
}
