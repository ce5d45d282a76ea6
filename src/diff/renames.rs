//! Renamed annotation files: a file that is gone and one that is new,
//! holding mostly the same claims, are one file moved (an article and its
//! annotation renamed, or moved into a folder), so that their claims are
//! not reported as removed and added.

use std::collections::{HashMap, HashSet};

use crate::model::{Annotation, Claim};

/// An annotation file under a new key, with the article it annotates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from_key: String,
    pub to_key: String,
    /// The annotation files (`claims/….yaml`).
    pub from_path: String,
    pub to_path: String,
    /// The articles, where there are.
    pub article_from: Option<String>,
    pub article_to: Option<String>,
}

/// What a claim is, wherever its file is: its id and the passage it
/// quotes. The rest (its wording, stance, speaker) may be corrected in the
/// same change as the move, and is then reported as changed.
type Fingerprint<'a> = (&'a str, &'a str);

fn fingerprint(c: &Claim) -> Fingerprint<'_> {
    (&c.id, &c.quote)
}

/// The renames between two sides: each file gone is paired with the new
/// file sharing most of its claims, when they share at least half of the
/// larger file's claims (most shared first; ties in path order).
pub fn find(old: &[Annotation], new: &[Annotation]) -> Vec<Rename> {
    let old_keys: HashSet<&str> = old.iter().map(|a| a.key.as_str()).collect();
    let new_keys: HashSet<&str> = new.iter().map(|a| a.key.as_str()).collect();
    let gone: Vec<&Annotation> = old
        .iter()
        .filter(|a| !new_keys.contains(a.key.as_str()) && !a.claims.is_empty())
        .collect();
    let arrived: Vec<&Annotation> = new
        .iter()
        .filter(|a| !old_keys.contains(a.key.as_str()) && !a.claims.is_empty())
        .collect();
    if gone.is_empty() || arrived.is_empty() {
        return Vec::new();
    }
    // Each claim of a file gone, by what it is: the files it is in.
    let mut holders: HashMap<Fingerprint, Vec<usize>> = HashMap::new();
    for (g, a) in gone.iter().enumerate() {
        let mut seen = HashSet::new();
        for c in &a.claims {
            if seen.insert(fingerprint(c)) {
                holders.entry(fingerprint(c)).or_default().push(g);
            }
        }
    }
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new(); // (shared, gone, arrived)
    for (n, a) in arrived.iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        let mut seen = HashSet::new();
        for c in &a.claims {
            if seen.insert(fingerprint(c)) {
                for &g in holders.get(&fingerprint(c)).into_iter().flatten() {
                    *shared.entry(g).or_default() += 1;
                }
            }
        }
        for (g, count) in shared {
            let larger = gone[g].claims.len().max(a.claims.len());
            if count * 2 >= larger {
                pairs.push((count, g, n));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_gone, mut used_new) = (HashSet::new(), HashSet::new());
    let mut renames: Vec<Rename> = pairs
        .into_iter()
        .filter(|&(_, g, n)| {
            let free = !used_gone.contains(&g) && !used_new.contains(&n);
            if free {
                used_gone.insert(g);
                used_new.insert(n);
            }
            free
        })
        .map(|(_, g, n)| Rename {
            from_key: gone[g].key.clone(),
            to_key: arrived[n].key.clone(),
            from_path: gone[g].path.clone(),
            to_path: arrived[n].path.clone(),
            article_from: gone[g].article.clone(),
            article_to: arrived[n].article.clone(),
        })
        .collect();
    renames.sort_by(|a, b| a.to_path.cmp(&b.to_path));
    renames
}
