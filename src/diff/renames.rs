//! Renamed annotation files: a file that is gone and one that is new,
//! holding mostly the same claims, are one file moved (an article and its
//! annotation renamed, or moved into a folder), so that their claims are
//! not reported as removed and added.

use std::collections::{HashMap, HashSet};

use crate::model::Annotation;

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

/// The renames between two sides: each file gone is paired with the new
/// file that shares most of its claims, known by id, when they share at
/// least half of the larger file's ids and either a quote or the file's
/// name (moved to another folder). Of two candidates sharing as many
/// ids, the one whose claims also quote the same passages wins (then path
/// order). A file moved and corrected in one change (a quote fixed, a
/// stance changed) is still a rename: what was corrected is then reported
/// as changed claims.
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
    // Each claim id of a file gone: the files it is in, with the quote.
    let mut holders: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
    for (g, a) in gone.iter().enumerate() {
        let mut seen = HashSet::new();
        for c in &a.claims {
            if seen.insert(c.id.as_str()) {
                holders.entry(&c.id).or_default().push((g, &c.quote));
            }
        }
    }
    // (ids shared, quotes shared too, gone, arrived)
    let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (n, a) in arrived.iter().enumerate() {
        let mut shared: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut seen = HashSet::new();
        for c in &a.claims {
            if !seen.insert(c.id.as_str()) {
                continue;
            }
            for &(g, quote) in holders.get(c.id.as_str()).into_iter().flatten() {
                let counts = shared.entry(g).or_default();
                counts.0 += 1;
                counts.1 += usize::from(quote == c.quote);
            }
        }
        for (g, (ids, quotes)) in shared {
            let larger = unique_ids(gone[g]).max(unique_ids(a));
            // Ids alike are not enough (imports number claims `c1`, `c2`
            // in every file): some quote must be the same too, or the file
            // keep its name in another folder.
            let alike = quotes > 0 || file_name(&gone[g].key) == file_name(&a.key);
            if ids * 2 >= larger && alike {
                pairs.push((ids, quotes, g, n));
            }
        }
    }
    pairs.sort_by(|a, b| {
        (b.0, b.1)
            .cmp(&(a.0, a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let (mut used_gone, mut used_new) = (HashSet::new(), HashSet::new());
    let mut renames: Vec<Rename> = pairs
        .into_iter()
        .filter(|&(_, _, g, n)| {
            let free = !used_gone.contains(&g) && !used_new.contains(&n);
            if free {
                used_gone.insert(g);
                used_new.insert(n);
            }
            free
        })
        .map(|(_, _, g, n)| Rename {
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

fn unique_ids(a: &Annotation) -> usize {
    a.claims
        .iter()
        .map(|c| c.id.as_str())
        .collect::<HashSet<_>>()
        .len()
}

/// The last part of a key: the file's name without its folder.
fn file_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}
