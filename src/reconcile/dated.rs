//! What is grouped: the dated claims of the corpus, in file order, with
//! their distinct texts and speaker names numbered. Grouping then works on
//! positions in this list (`item`s) and on these ids, not on the corpus.

use super::ClaimAt;
use super::ids::{NameId, TextId};
use crate::dense::{IdVec, dense_ids};
use crate::model::{Annotation, Claim};
use crate::speakers::PersonId;
use crate::speakers::{Aliases, Speakers};

pub(super) struct Dated<'a> {
    annotations: &'a [Annotation],
    /// Per item: where its claim is.
    pub(super) at: Vec<ClaimAt>,
    /// Per item: its claim's text.
    pub(super) text: Vec<TextId>,
    /// Per item: its claim's speaker, as written.
    pub(super) name: Vec<NameId>,
    /// The distinct texts, in order of first appearance.
    pub(super) texts: IdVec<TextId, &'a str>,
    /// The distinct speaker names, in order of first appearance.
    pub(super) names: IdVec<NameId, &'a str>,
}

impl<'a> Dated<'a> {
    /// The dated claims of `annotations`; distinct texts and speakers get
    /// dense ids in order of first appearance.
    pub(super) fn of(annotations: &'a [Annotation]) -> Self {
        let at: Vec<ClaimAt> = annotations
            .iter()
            .enumerate()
            .flat_map(|(file, a)| {
                a.claims
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.date.is_some())
                    .map(move |(index, _)| ClaimAt { file, index })
            })
            .collect();
        let claim = |at: &ClaimAt| &annotations[at.file].claims[at.index];
        let (text, texts) = numbered(at.iter().map(|at| claim(at).claim.as_str()).collect());
        let (name, names) = numbered(at.iter().map(|at| claim(at).speaker.as_str()).collect());
        Dated {
            annotations,
            at,
            text,
            name,
            texts,
            names,
        }
    }

    /// The claim of an item.
    pub(super) fn claim(&self, item: usize) -> &'a Claim {
        let at = self.at[item];
        &self.annotations[at.file].claims[at.index]
    }

    /// Who said what: the speakers resolved through `aliases`, and the
    /// person of each name.
    pub(super) fn people(&self, aliases: &Aliases) -> (Speakers, IdVec<NameId, PersonId>) {
        let speakers = Speakers::resolve(self.names.iter().copied(), aliases);
        let person_of_name = self
            .names
            .iter()
            .map(|n| speakers.person(n).expect("every speaker resolved"))
            .collect();
        (speakers, person_of_name)
    }
}

/// Per string, its id; and the distinct strings in id order.
fn numbered<I: crate::dense::DenseId>(all: Vec<&str>) -> (Vec<I>, IdVec<I, &str>) {
    let ids = dense_ids(&all);
    let distinct = ids.first.iter().map(|&i| all[i]).collect();
    (ids.id_of, distinct)
}
