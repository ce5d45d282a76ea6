//! Loading a whole corpus: discovery, then every annotation file parsed.

use std::path::Path;

use rayon::prelude::*;

use crate::annotation::{Limits, parse_annotation};
use crate::cache::{Cache, Checked, Entry, EntryRef, Stamp};
use crate::corpus::{CorpusError, CorpusFiles, discover, read_text, root_file};
use crate::model::Annotation;
use crate::problem::Problem;
use crate::reconcile::{Embeddings, Reconciled, reconcile_with, texts_to_embed};
use crate::semantic::{ModelDir, ModelError};
use crate::speakers::{Aliases, SPEAKERS_FILE};

/// A loaded corpus: the annotations that could be read (in path order) and
/// every problem met while reading them.
#[derive(Debug)]
pub struct Loaded {
    pub files: CorpusFiles,
    pub annotations: Vec<Annotation>,
    /// Speaker aliases from speakers.yaml (empty when there is none).
    pub aliases: Aliases,
    pub problems: Vec<Problem>,
    /// What the cache needs to be written back, when it is enabled.
    cached: Option<CacheState>,
}

/// One annotation file as the cache records it.
#[derive(Debug)]
struct FileState {
    path: String,
    stamp: Stamp,
    hash: u64,
    /// Index into `Loaded::annotations`.
    annotation: Option<usize>,
    problems: Vec<Problem>,
    /// `check`'s findings from the cache, if any.
    checked: Option<Checked>,
}

#[derive(Debug)]
struct CacheState {
    cache: Cache,
    limits: Limits,
    files: Vec<FileState>,
    /// Whether any file differs from what the cache holds.
    changed: bool,
    /// Annotation index -> index into `files`.
    state_of_annotation: Vec<usize>,
    fingerprint: u64,
}

impl Loaded {
    /// The corpus's groups: from the cache when nothing changed, else
    /// reconciled now. The flag says whether they were computed now.
    ///
    /// Meanwhile the parsed files are written to the cache, on a thread of
    /// their own, if any changed: writing them takes a second or two at a
    /// million claims, and grouping them several.
    pub fn reconcile(&self) -> (Reconciled, bool) {
        self.reconcile_using(None, &|_, _| {})
            .expect("without a model grouping cannot fail")
    }

    /// [`Loaded::reconcile`], with a sentence-embedding model when one is
    /// given: the claims' vectors come from the embedding cache or the
    /// model (`progress(done, total)` as texts are embedded), and only
    /// when the groups are not cached for this corpus and this model.
    pub fn reconcile_using(
        &self,
        model: Option<&ModelDir>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Reconciled, bool), ModelError> {
        std::thread::scope(|s| {
            s.spawn(|| self.write_parsed_cache());
            let fingerprint = self.fingerprint(model.map(ModelDir::fingerprint));
            if let (Some(state), Some(fp)) = (&self.cached, fingerprint)
                && let Some(r) = state.cache.read_reconciled::<Reconciled>(fp)
            {
                return Ok((r, false));
            }
            let embeddings = match model {
                Some(m) => Some(self.embeddings(&self.annotations, m, progress)?),
                None => None,
            };
            let r = reconcile_with(&self.annotations, &self.aliases, embeddings.as_ref());
            Ok((r, true))
        })
    }

    /// The vectors of the dated claims of `annotations` (the corpus's, or
    /// the corpus as known on a day), from the embedding cache or `model`.
    pub fn embeddings(
        &self,
        annotations: &[Annotation],
        model: &ModelDir,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Embeddings, ModelError> {
        let texts = texts_to_embed(annotations);
        let disabled = Cache::disabled();
        let cache = self.cached.as_ref().map_or(&disabled, |s| &s.cache);
        let vectors = crate::semantic::embed_cached(model, &texts, cache, progress)?;
        Ok(Embeddings::new(
            model.fingerprint(),
            texts.into_iter().map(str::to_owned).collect(),
            vectors,
        ))
    }

    /// The cache's fingerprint of this corpus grouped with `model` (none:
    /// by the words alone); `None` without a cache.
    fn fingerprint(&self, model: Option<u64>) -> Option<u64> {
        let state = self.cached.as_ref()?;
        Some(match model {
            None => state.fingerprint,
            Some(m) => {
                use std::hash::{Hash, Hasher};
                let mut h = std::hash::DefaultHasher::new();
                (state.fingerprint, m).hash(&mut h);
                h.finish()
            }
        })
    }

    /// `check`'s cached findings for annotation `index`, if its article is
    /// unchanged since (same size and a trusted, equal modification time).
    pub fn cached_check(&self, index: usize, article: Option<Stamp>) -> Option<&[Problem]> {
        let state = self.cached.as_ref()?;
        let file = &state.files[*state.state_of_annotation.get(index)?];
        let checked = file.checked.as_ref()?;
        let fresh = checked.article == article
            && article.is_none_or(|stamp| state.cache.trusts_checked(&stamp));
        fresh.then_some(checked.problems.as_slice())
    }

    /// The `similar-claim` warnings cached for this very corpus grouped as
    /// `reconciled` is (with its model or none), if any.
    pub fn cached_similar(&self, reconciled: &Reconciled) -> Option<Vec<Problem>> {
        let state = self.cached.as_ref()?;
        state
            .cache
            .read_similar(self.fingerprint(reconciled.model)?)
    }

    /// Writes the parsed files to the cache if any changed since it was
    /// written. Failures are ignored, here and below: the cache is only an
    /// optimisation.
    fn write_parsed_cache(&self) {
        let Some(state) = &self.cached else { return };
        if !state.changed {
            return;
        }
        let entries = state
            .files
            .iter()
            .map(|f| EntryRef {
                path: &f.path,
                stamp: f.stamp,
                hash: f.hash,
                annotation: f.annotation.map(|i| &self.annotations[i]),
                problems: &f.problems,
            })
            .collect();
        state.cache.store(&state.limits, entries);
    }

    /// Caches groups computed now ([`Loaded::reconcile`] says whether they
    /// were). Meant to run on a thread of its own while output is written.
    pub fn write_reconciled_cache(&self, reconciled: &Reconciled) {
        if let (Some(state), Some(fp)) = (&self.cached, self.fingerprint(reconciled.model)) {
            state.cache.write_reconciled(fp, reconciled);
        }
    }

    /// Caches `check`'s findings per annotation (`checked`, in annotation
    /// order).
    pub fn write_checked_cache(&self, checked: &[Checked]) {
        let Some(state) = &self.cached else { return };
        let entries = state
            .state_of_annotation
            .iter()
            .zip(checked)
            .map(|(&f, checked)| (state.files[f].path.as_str(), state.files[f].hash, checked))
            .collect();
        state.cache.store_checked(entries);
    }

    /// Caches the `similar-claim` warnings of this very corpus grouped as
    /// `reconciled` is.
    pub fn write_similar_cache(&self, reconciled: &Reconciled, similar: &[Problem]) {
        if let (Some(state), Some(fp)) = (&self.cached, self.fingerprint(reconciled.model)) {
            state.cache.write_similar(fp, similar);
        }
    }
}

/// Loads every annotation file of the corpus at `root`, without a cache.
pub fn load(root: &Path, limits: &Limits) -> Result<Loaded, CorpusError> {
    load_with(root, limits, Cache::disabled(), &|_| {})
}

/// Told how many annotation files there are (`Total`), then of each one done.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    Total(usize),
    FileDone,
    /// Claim texts embedded with the model so far, of how many.
    Embedding {
        done: usize,
        total: usize,
    },
}

/// What became of one annotation file.
enum Outcome {
    /// The cached entry at this index is still right (with the file's new stat).
    Cached(usize, Stamp),
    /// Parsed now.
    Parsed(Box<Entry>),
    /// Could not be read; not cached.
    Unreadable(Problem),
}

/// Loads every annotation file, reusing `cache` where files are unchanged,
/// and writes the cache back when anything changed.
pub fn load_with(
    root: &Path,
    limits: &Limits,
    mut cache: Cache,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Loaded, CorpusError> {
    let mut files = discover(root)?;
    let mut problems = std::mem::take(&mut files.problems);
    progress(Progress::Total(files.annotations.len()));
    // Files are read and parsed in parallel; collecting keeps path order, so
    // the result is the same as a single-threaded run.
    let list: Vec<(&String, &crate::corpus::CorpusFile)> = files.annotations.iter().collect();
    let outcomes: Vec<Outcome> = list
        .par_iter()
        .map(|(key, file)| {
            let outcome = load_one(key, file, &cache, limits);
            progress(Progress::FileDone);
            outcome
        })
        .collect();
    let mut changed = cache.entries.iter().flatten().count() != outcomes.len();
    // In one pass, with no list of entries in between: at 200,000 files
    // another copy of them cost more in fresh memory than in copying.
    // Problems of unreadable files come first, then those of each file.
    let mut file_problems = Vec::new();
    let mut annotations = Vec::with_capacity(outcomes.len());
    let mut states = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        let e = match outcome {
            Outcome::Cached(i, stamp) => {
                let mut e = cache.entries[i]
                    .take()
                    .expect("each cached entry is used once");
                changed |= e.stamp != stamp;
                e.stamp = stamp;
                e
            }
            Outcome::Parsed(e) => {
                changed = true;
                *e
            }
            Outcome::Unreadable(p) => {
                changed = true;
                problems.push(p);
                continue;
            }
        };
        file_problems.extend(e.problems.iter().cloned());
        let index = e.annotation.map(|mut a| {
            a.article = files.articles.get(&a.key).map(|f| f.rel.clone());
            annotations.push(a);
            annotations.len() - 1
        });
        states.push(FileState {
            path: e.path,
            stamp: e.stamp,
            hash: e.hash,
            annotation: index,
            problems: e.problems,
            checked: e.checked,
        });
    }
    problems.extend(file_problems);
    // Annotation index -> its file's state, for check's cached findings.
    let state_of_annotation: Vec<usize> = states
        .iter()
        .enumerate()
        .filter(|(_, f)| f.annotation.is_some())
        .map(|(i, _)| i)
        .collect();
    let (aliases, aliases_hash) = load_aliases(&files, limits, &cache, &mut problems);
    let cached = cache.enabled().then(|| {
        let fingerprint = crate::cache::fingerprint(
            limits,
            states.iter().map(|f| (f.path.as_str(), f.hash)),
            aliases_hash,
        );
        CacheState {
            cache,
            limits: *limits,
            files: states,
            changed,
            state_of_annotation,
            fingerprint,
        }
    });
    Ok(Loaded {
        files,
        annotations,
        aliases,
        problems,
        cached,
    })
}

/// Reads, or finds in the cache, one annotation file.
fn load_one(
    key: &str,
    file: &crate::corpus::CorpusFile,
    cache: &Cache,
    limits: &Limits,
) -> Outcome {
    // lstat: the walk resolved links already, so a link here now is refused
    // when the file is opened, and must not match a cached stamp either.
    let stamp = std::fs::symlink_metadata(&file.abs)
        .map(|m| Stamp::of(&m))
        .unwrap_or_default();
    if let Some(i) = cache.fresh_by_stat(&file.rel, &stamp) {
        return Outcome::Cached(i, stamp);
    }
    let text = match read_text(file, limits.max_annotation_bytes) {
        Ok(text) => text,
        Err(p) => return Outcome::Unreadable(p),
    };
    let hash = cache.content_hash(&text);
    if let Some(i) = cache.fresh_by_hash(&file.rel, hash) {
        return Outcome::Cached(i, stamp);
    }
    let parsed = parse_annotation(&text, key, &file.rel, None, limits);
    Outcome::Parsed(Box::new(Entry {
        path: file.rel.clone(),
        stamp,
        hash,
        annotation: parsed.annotation,
        problems: parsed.problems,
        checked: None,
    }))
}

/// Reads speakers.yaml at the corpus root, if there is one.
fn load_aliases(
    files: &CorpusFiles,
    limits: &Limits,
    cache: &Cache,
    problems: &mut Vec<Problem>,
) -> (Aliases, u64) {
    let text = root_file(&files.root, SPEAKERS_FILE)
        .map(|file| file.and_then(|file| read_text(&file, limits.max_annotation_bytes)));
    match text {
        None => (Aliases::default(), 0),
        Some(Ok(text)) => {
            let (aliases, found) = Aliases::parse(&text);
            problems.extend(found);
            (aliases, cache.content_hash(&text))
        }
        Some(Err(p)) => {
            problems.push(p);
            (Aliases::default(), 1)
        }
    }
}
