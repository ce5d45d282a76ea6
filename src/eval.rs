//! `eval`: how well the grouping matches a gold grouping, and which
//! reversals it finds.
//!
//! The gold is a TSV of `reference<TAB>gold group` lines (what `import` and
//! the synthetic generator write as gold.tsv). The corpus is grouped with
//! topics ignored, so that the figures measure the grouping of claim texts.
//! Scores are over pairs of claims: a pair is predicted when both claims
//! are in one group, true when both have one gold group.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::Annotation;
use crate::reconcile::{ReversalKind, reconcile_with};
use crate::safe_fs::{Links, ReadError, read_bounded};
use crate::speakers::Aliases;

/// Pair counts and the scores drawn from them.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Claims that are both in the corpus (dated) and in the gold.
    pub claims: usize,
    pub groups: usize,
    pub gold_groups: usize,
    pub predicted_pairs: u64,
    pub gold_pairs: u64,
    pub correct_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Two claims grouped wrongly: merged (one predicted group, two gold
/// groups) or split (one gold group, two predicted groups).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PairError {
    pub a: String,
    pub a_claim: String,
    pub b: String,
    pub b_claim: String,
}

/// A reversal found, for a person to judge.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FoundReversal {
    pub group: String,
    pub speaker: String,
    pub kind: ReversalKind,
    pub from: String,
    pub from_date: String,
    pub from_quote: String,
    pub to: String,
    pub to_date: String,
    pub to_quote: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Evaluation {
    pub scores: Scores,
    /// Up to `sample` of each kind of error, spread over all of them.
    pub merged: Vec<PairError>,
    pub split: Vec<PairError>,
    pub reversals: usize,
    pub full_reversals: usize,
    /// Up to `sample` reversals, spread over all of them.
    pub reversal_sample: Vec<FoundReversal>,
}

/// The largest gold file read: 1 GiB, some ten thousand times the gold of
/// Emergent's 2,595 claims.
pub const MAX_GOLD_FILE_BYTES: u64 = 1 << 30;

/// Why a gold file cannot be used (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// Missing, unreadable, not a regular file or too large; `why`
    /// completes "PATH ...".
    #[error("cannot read the gold grouping {}: it {why}", path.display())]
    Read { path: PathBuf, why: ReadError },
    #[error("{}: {message}", path.display())]
    Format { path: PathBuf, message: String },
}

/// Reads the gold file at `path` (named by the user, so a link is
/// followed): a regular file of at most [`MAX_GOLD_FILE_BYTES`] in UTF-8,
/// so that a FIFO or `/dev/zero` given as the gold is refused at once
/// rather than waited on or read forever.
pub fn read_gold_file(path: &Path) -> Result<HashMap<String, String>, GoldError> {
    let bytes =
        read_bounded(path, MAX_GOLD_FILE_BYTES, Links::Follow).map_err(|why| GoldError::Read {
            path: path.to_path_buf(),
            why,
        })?;
    let format = |message: String| GoldError::Format {
        path: path.to_path_buf(),
        message,
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format(format!(
            "is not valid UTF-8 (at byte offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    read_gold(&text).map_err(format)
}

/// Reads gold.tsv: the first two columns of each non-empty line.
pub fn read_gold(text: &str) -> Result<HashMap<String, String>, String> {
    let mut gold = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        match (cols.next(), cols.next()) {
            (Some(r), Some(g)) if !r.is_empty() && !g.is_empty() => {
                gold.insert(r.to_owned(), g.to_owned());
            }
            _ => {
                return Err(format!(
                    "line {}: expected `reference<TAB>gold group`",
                    n + 1
                ));
            }
        }
    }
    Ok(gold)
}

/// Groups the corpus with topics ignored, and scores it against `gold`.
pub fn evaluate(
    annotations: &[Annotation],
    aliases: &Aliases,
    gold: &HashMap<String, String>,
    sample: usize,
    embeddings: Option<&crate::reconcile::Embeddings>,
) -> Evaluation {
    let untopical: Vec<Annotation> = annotations
        .iter()
        .map(|a| {
            let mut a = a.clone();
            for c in &mut a.claims {
                c.topic = None;
            }
            a
        })
        .collect();
    let reconciled = reconcile_with(&untopical, aliases, embeddings);
    let reference = |at: crate::reconcile::ClaimAt| {
        let a = &untopical[at.file];
        (
            a.reference(&a.claims[at.index]),
            a.claims[at.index].claim.clone(),
        )
    };
    let mut gold_ids: HashMap<&str, usize> = HashMap::new();
    let mut scored: Vec<Scored> = Vec::new();
    for (g, group) in reconciled.groups.iter().enumerate() {
        for m in &group.members {
            let (r, text) = reference(m.at);
            if let Some(gid) = gold.get(&r) {
                let next = gold_ids.len();
                let gid = *gold_ids.entry(gid.as_str()).or_insert(next);
                scored.push(Scored {
                    predicted: g,
                    gold: gid,
                    reference: r,
                    claim: text,
                });
            }
        }
    }
    let scores = score(scored.iter().map(|s| (s.predicted, s.gold)));
    let (merged, split) = pair_errors(&scored, sample);
    let mut reversal_sample = Vec::new();
    let mut all = Vec::new();
    for group in &reconciled.groups {
        for r in &group.stances.reversals {
            all.push((group, r));
        }
    }
    let full_reversals = all
        .iter()
        .filter(|(_, r)| r.kind == ReversalKind::Full)
        .count();
    for &(group, r) in spread(&all, sample) {
        let claim = |i: usize| {
            let at = group.members[i].at;
            let a = &untopical[at.file];
            let c = &a.claims[at.index];
            (
                a.reference(c),
                c.date.map(|d| d.to_string()).unwrap_or_default(),
                c.quote.clone(),
            )
        };
        let (from, from_date, from_quote) = claim(r.from);
        let (to, to_date, to_quote) = claim(r.to);
        reversal_sample.push(FoundReversal {
            group: group.claim.clone(),
            speaker: reconciled.speakers.name(r.person).to_owned(),
            kind: r.kind,
            from,
            from_date,
            from_quote,
            to,
            to_date,
            to_quote,
        });
    }
    Evaluation {
        scores,
        merged,
        split,
        reversals: all.len(),
        full_reversals,
        reversal_sample,
    }
}

/// The evaluation as text for a person to read.
pub fn render_text(ev: &Evaluation) -> String {
    use std::fmt::Write as _;
    let s = &ev.scores;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pair precision {:.4}  recall {:.4}  F1 {:.4}",
        s.precision, s.recall, s.f1
    );
    let _ = writeln!(
        out,
        "{} claims: {} groups (gold {}); {} pairs predicted, {} gold, {} correct",
        s.claims, s.groups, s.gold_groups, s.predicted_pairs, s.gold_pairs, s.correct_pairs
    );
    for (title, errors) in [
        (
            "wrongly merged (one group, different gold groups)",
            &ev.merged,
        ),
        (
            "wrongly split (one gold group, different groups)",
            &ev.split,
        ),
    ] {
        let _ = writeln!(out, "\n{title}: {} shown", errors.len());
        for e in errors {
            let _ = writeln!(
                out,
                "  {}\n    {}\n  {}\n    {}",
                e.a,
                crate::text::printable(&e.a_claim),
                e.b,
                crate::text::printable(&e.b_claim)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nreversals: {} ({} full, {} partial); {} shown",
        ev.reversals,
        ev.full_reversals,
        ev.reversals - ev.full_reversals,
        ev.reversal_sample.len()
    );
    for r in &ev.reversal_sample {
        let kind = match r.kind {
            ReversalKind::Full => "full",
            ReversalKind::Partial => "partial",
        };
        let p = |t: &str| crate::text::printable(t).into_owned();
        let _ = writeln!(
            out,
            "  {kind}, {} on \"{}\"\n    {} {}: \"{}\"\n    {} {}: \"{}\"",
            p(&r.speaker),
            p(&r.group),
            r.from_date,
            r.from,
            p(&r.from_quote),
            r.to_date,
            r.to,
            p(&r.to_quote)
        );
    }
    out
}

/// A claim that is both grouped and in the gold.
struct Scored {
    predicted: usize,
    gold: usize,
    reference: String,
    claim: String,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pair scores from (predicted group, gold group) per claim, counted from
/// the contingency table, so large corpora take no longer than a sort.
pub fn score(assignments: impl Iterator<Item = (usize, usize)>) -> Scores {
    let mut cells: HashMap<(usize, usize), u64> = HashMap::new();
    let mut predicted: HashMap<usize, u64> = HashMap::new();
    let mut gold: HashMap<usize, u64> = HashMap::new();
    let mut claims = 0;
    for (p, g) in assignments {
        claims += 1;
        *cells.entry((p, g)).or_default() += 1;
        *predicted.entry(p).or_default() += 1;
        *gold.entry(g).or_default() += 1;
    }
    let correct_pairs: u64 = cells.values().map(|&n| pairs(n)).sum();
    let predicted_pairs: u64 = predicted.values().map(|&n| pairs(n)).sum();
    let gold_pairs: u64 = gold.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(correct_pairs, predicted_pairs);
    let recall = ratio(correct_pairs, gold_pairs);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Scores {
        claims,
        groups: predicted.len(),
        gold_groups: gold.len(),
        predicted_pairs,
        gold_pairs,
        correct_pairs,
        precision,
        recall,
        f1,
    }
}

/// Up to `n` items spread evenly over `all` (the first, then every k-th).
fn spread<T>(all: &[T], n: usize) -> impl Iterator<Item = &T> {
    let step = all.len().div_ceil(n.max(1)).max(1);
    all.iter().step_by(step).take(n)
}

/// Examples of wrongly merged and wrongly split pairs. For each predicted
/// group with several gold groups, one pair across its two largest gold
/// groups; for each gold group spread over several predicted groups, one
/// pair across its two largest parts; then `n` of each, spread.
fn pair_errors(scored: &[Scored], n: usize) -> (Vec<PairError>, Vec<PairError>) {
    let by = |key: fn(&Scored) -> (usize, usize)| {
        let mut map: std::collections::BTreeMap<
            usize,
            std::collections::BTreeMap<usize, Vec<usize>>,
        > = Default::default();
        for (i, s) in scored.iter().enumerate() {
            let (outer, inner) = key(s);
            map.entry(outer)
                .or_default()
                .entry(inner)
                .or_default()
                .push(i);
        }
        let mut errors = Vec::new();
        for parts in map.values() {
            if parts.len() < 2 {
                continue;
            }
            let mut parts: Vec<&Vec<usize>> = parts.values().collect();
            parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
            let (a, b) = (&scored[parts[0][0]], &scored[parts[1][0]]);
            errors.push(PairError {
                a: a.reference.clone(),
                a_claim: a.claim.clone(),
                b: b.reference.clone(),
                b_claim: b.claim.clone(),
            });
        }
        spread(&errors, n).cloned().collect::<Vec<_>>()
    };
    (by(|s| (s.predicted, s.gold)), by(|s| (s.gold, s.predicted)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_scores_count_pairs_not_claims() {
        // Gold {a,b,c} {d}; predicted {a,b} {c,d}: 1 correct pair of 2
        // predicted and 3 gold.
        let s = score([(0, 0), (0, 0), (1, 0), (1, 1)].into_iter());
        assert_eq!(
            (s.correct_pairs, s.predicted_pairs, s.gold_pairs),
            (1, 2, 3)
        );
        assert!((s.precision - 0.5).abs() < 1e-9 && (s.recall - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.f1 - 0.4).abs() < 1e-9);
        assert_eq!((s.groups, s.gold_groups, s.claims), (2, 2, 4));
        // All singletons against all singletons: nothing to get wrong.
        let s = score([(0, 0), (1, 1)].into_iter());
        assert_eq!((s.precision, s.recall, s.f1), (1.0, 1.0, 1.0));
    }

    #[test]
    fn gold_lines_need_two_columns() {
        let gold = read_gold("a#x\tg1\textra\n\nb#y\tg2\n").unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(gold["a#x"], "g1");
        assert!(
            read_gold("only-one-column\n")
                .unwrap_err()
                .contains("line 1")
        );
    }

    #[test]
    fn gold_files_are_read_bounded() {
        let refused = read_gold_file(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "cannot read the gold grouping /dev/zero: it is not a regular file"
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("gold.tsv");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_gold_file(&fifo),
            Err(GoldError::Read {
                why: ReadError::NotRegular,
                ..
            })
        ));
        let file = dir.path().join("gold2.tsv");
        std::fs::write(&file, "a#x\tg\n").unwrap();
        assert_eq!(read_gold_file(&file).unwrap()["a#x"], "g");
        std::fs::write(&file, "a#x\n").unwrap();
        assert!(
            read_gold_file(&file)
                .unwrap_err()
                .to_string()
                .contains("line 1")
        );
    }

    #[test]
    fn samples_are_spread_over_the_whole_list() {
        let all: Vec<usize> = (0..100).collect();
        let picked: Vec<usize> = spread(&all, 10).copied().collect();
        assert_eq!(picked, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
        assert_eq!(spread(&all[..3], 10).count(), 3);
    }
}
