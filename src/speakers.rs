//! Who is the same person: names compared after dropping titles and roles,
//! a name that ends another ("Aled Price" / "Price"), and speakers.yaml aliases.
//! The titles and roles dropped are `ROLE_WORDS` of `proposition::words`,
//! with every other word list: the personal titles that a claim's text
//! drops before a name are a part of them.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::problem::{Code, Problem};
use crate::proposition::words::{NAME_SUFFIXES, ROLE_WORDS};
use crate::yaml::{Node, Value};

pub const SPEAKERS_FILE: &str = "speakers.yaml";

/// A speaker name reduced for comparison: lower-case words without titles,
/// roles, punctuation, a trailing ", role" or "(role)".
pub fn normalize_name(name: &str) -> Vec<String> {
    let cut = name.split([',', '(', '|', ';']).next().unwrap_or(name);
    let words: Vec<String> = cut
        .split(|c: char| c.is_whitespace() || c == '.')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .map(|w| w.trim_matches(['-', '\'']).to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = words;
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| NAME_SUFFIXES.contains(&w.as_str()))
    {
        words.pop();
    }
    let words = match words.iter().rposition(|w| ROLE_WORDS.contains(&w.as_str())) {
        Some(i) if i + 1 < words.len() => words[i + 1..].to_vec(),
        _ => words,
    };
    if words.is_empty() {
        // Only role words ("The Mayor"): keep the words, it is all we have.
        return cut.split_whitespace().map(|w| w.to_lowercase()).collect();
    }
    words
}

/// The aliases of speakers.yaml: each alias (normalised) -> canonical name.
#[derive(Debug, Default, Clone)]
pub struct Aliases {
    map: HashMap<Vec<String>, String>,
}

impl Aliases {
    /// Reads `speakers.yaml`: a mapping of canonical name -> list of aliases.
    /// Problems are returned, never fatal: a bad file just gives no aliases.
    pub fn parse(text: &str) -> (Aliases, Vec<Problem>) {
        let mut aliases = Aliases::default();
        let mut problems = Vec::new();
        let mut problem = |code, line: usize, col: usize, msg: String| {
            problems.push(Problem::new(code, SPEAKERS_FILE, msg).at(line as u32, col as u32));
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return (aliases, problems);
        }
        let options = serde_saphyr::options! { strict_booleans: true };
        let root: Node = match serde_saphyr::from_str_with_options(text, options) {
            Ok(root) => root,
            Err(err) => {
                let inner = err.without_snippet();
                let loc = inner.location();
                let (line, col) = loc.map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
                let code = match inner {
                    serde_saphyr::Error::DuplicateMappingKey { .. } => Code::Schema,
                    _ => Code::YamlSyntax,
                };
                let msg = inner.to_string();
                let msg = msg.split_once(": ").map_or(msg.as_str(), |(_, m)| m);
                problem(code, line, col, format!("speakers.yaml: {msg}"));
                return (aliases, problems);
            }
        };
        let at = |n: &Node| (n.referenced.line() as usize, n.referenced.column() as usize);
        let Value::Map(entries) = &root.value else {
            let (l, c) = at(&root);
            problem(
                Code::Schema,
                l,
                c,
                "speakers.yaml must map each name to a list of aliases, e.g. {\"Krysten Ritter\": [\"Ritter\"]}".into(),
            );
            return (aliases, problems);
        };
        for (key, value) in entries {
            let Value::Str(canonical) = &key.value else {
                let (l, c) = at(key);
                problem(
                    Code::Schema,
                    l,
                    c,
                    format!("a speaker name must be text, not {}", key.value.kind()),
                );
                continue;
            };
            let list: Vec<&Node> = match &value.value {
                Value::Seq(items) => items.iter().collect(),
                Value::Str(_) => vec![value],
                Value::Null => vec![],
                other => {
                    let (l, c) = at(value);
                    problem(
                        Code::Schema,
                        l,
                        c,
                        format!(
                            "the aliases of `{canonical}` must be a list, not {}",
                            other.kind()
                        ),
                    );
                    continue;
                }
            };
            aliases
                .map
                .insert(normalize_name(canonical), canonical.clone());
            for item in list {
                match &item.value {
                    Value::Str(alias) if !alias.trim().is_empty() => {
                        aliases.map.insert(normalize_name(alias), canonical.clone());
                    }
                    other => {
                        let (l, c) = at(item);
                        problem(
                            Code::Schema,
                            l,
                            c,
                            format!("an alias must be non-empty text, not {}", other.kind()),
                        );
                    }
                }
            }
        }
        (aliases, problems)
    }
}

/// A person of the corpus (an index into [`Speakers`]' display names): a
/// type of its own, so that it cannot be mixed up with the index of a
/// claim or a group.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct PersonId(u32);

impl PersonId {
    /// The person's position in [`Speakers`]' list, for tables by person.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// A person by number, for unit tests of what takes people.
    #[cfg(test)]
    pub(crate) fn new(n: u32) -> PersonId {
        PersonId(n)
    }
}

/// Assigns every speaker name of a corpus to a person.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Speakers {
    /// name as written -> person id
    person_of: HashMap<String, PersonId>,
    /// person id -> display name
    names: Vec<String>,
}

impl Speakers {
    /// Resolves the names as written in the corpus. Deterministic: names are
    /// processed in sorted order. A short name that ends several different
    /// people's names ("Price" with "Aled Price" and "Sarah Price") is
    /// ambiguous and stays a person of its own.
    pub fn resolve<'a>(names: impl IntoIterator<Item = &'a str>, aliases: &Aliases) -> Speakers {
        let written: Vec<&str> = names
            .into_iter()
            .collect::<std::collections::BTreeSet<&str>>()
            .into_iter()
            .collect();
        // Each name's normalised form, in parallel: a corpus of a million
        // claims has a hundred thousand names or more.
        let normalised: Vec<Vec<String>> = written
            .par_iter()
            .map(|name| {
                let form = normalize_name(name);
                match aliases.map.get(&form) {
                    Some(canonical) => normalize_name(canonical),
                    None => form,
                }
            })
            .collect();
        // Normalised form -> the names written that way.
        let mut forms: BTreeMap<Vec<String>, Vec<&str>> = BTreeMap::new();
        for (&name, form) in written.iter().zip(normalised) {
            forms.entry(form).or_default().push(name);
        }
        // A canonical name of speakers.yaml per normalised form: looked up
        // once here rather than among all of them per person; of two that
        // normalise alike, the first in sort order.
        let mut canonical_of: HashMap<Vec<String>, &String> = HashMap::new();
        for canonical in aliases.map.values() {
            canonical_of
                .entry(normalize_name(canonical))
                .and_modify(|c| *c = (*c).min(canonical))
                .or_insert(canonical);
        }
        // Longer forms first, so a short form can find the full names it ends.
        let mut order: Vec<&Vec<String>> = forms.keys().collect();
        order.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut person_of_form: HashMap<&Vec<String>, usize> = HashMap::new();
        let mut people: Vec<Vec<&Vec<String>>> = Vec::new();
        // Every word-suffix of every form seen so far -> the people with such a
        // form. Forms come longest first, so a form can only end an earlier
        // one (two distinct forms of equal length never end each other).
        let mut by_suffix: HashMap<&[String], Vec<usize>> = HashMap::new();
        for form in order {
            let matches: &[usize] = by_suffix.get(form.as_slice()).map_or(&[], Vec::as_slice);
            let id = if let [only] = matches {
                *only
            } else {
                people.push(Vec::new());
                people.len() - 1
            };
            people[id].push(form);
            person_of_form.insert(form, id);
            for start in 0..form.len() {
                let ids = by_suffix.entry(&form[start..]).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        // Display name: a speakers.yaml canonical name if any, else the
        // longest role-free form as first written (most words, then
        // alphabetical), in its original capitalisation.
        let names: Vec<String> = people
            .par_iter()
            .map(|forms_of_person| {
                let longest = forms_of_person
                    .iter()
                    .max_by(|a, b| a.len().cmp(&b.len()).then(b.cmp(a)))
                    .unwrap();
                match canonical_of.get(*longest) {
                    Some(c) => (*c).clone(),
                    None => display_form(forms[*longest][0], longest),
                }
            })
            .collect();
        let mut person_of = HashMap::new();
        for (form, written_names) in &forms {
            for name in written_names {
                person_of.insert((*name).to_owned(), PersonId(person_of_form[form] as u32));
            }
        }
        Speakers { person_of, names }
    }

    /// The person a name as written belongs to.
    pub fn person(&self, name: &str) -> Option<PersonId> {
        self.person_of.get(name).copied()
    }

    /// The display name of a person.
    pub fn name(&self, person: PersonId) -> &str {
        &self.names[person.index()]
    }

    /// The people a name given on the command line may mean: the person it
    /// is written as, else everyone whose name ends with it (or it ends).
    pub fn matching(&self, query: &str) -> Vec<PersonId> {
        if let Some(p) = self.person(query) {
            return vec![p];
        }
        let q = normalize_name(query);
        let mut found: Vec<PersonId> = self
            .person_of
            .iter()
            .filter(|(name, _)| {
                let f = normalize_name(name);
                ends_with(&f, &q) || ends_with(&q, &f)
            })
            .map(|(_, &p)| p)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn ends_with(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && long.len() >= short.len() && long[long.len() - short.len()..] == *short
}

/// The words of `form` as capitalised in `written`.
fn display_form(written: &str, form: &[String]) -> String {
    let words: Vec<&str> = written
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let tail: Vec<&str> = words
        .iter()
        .rev()
        .take(form.len())
        .rev()
        .map(|w| w.trim_end_matches([',', ';']))
        .collect();
    let tail_form: Vec<String> = tail.iter().map(|w| normalize_name(w).join(" ")).collect();
    if tail_form.join(" ") == form.join(" ") {
        tail.join(" ")
    } else {
        written.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(names: &[&str], a: &str, b: &str) -> bool {
        let s = Speakers::resolve(names.iter().copied(), &Aliases::default());
        s.person(a) == s.person(b)
    }

    #[test]
    fn titles_and_roles_are_dropped() {
        assert_eq!(
            normalize_name("Transport Secretary Aled Price"),
            ["aled", "price"]
        );
        assert_eq!(
            normalize_name("Jessica Jones star Krysten Ritter"),
            ["krysten", "ritter"]
        );
        assert_eq!(
            normalize_name("festival director Maria Lopez"),
            ["maria", "lopez"]
        );
        assert_eq!(
            normalize_name("Dr. Ann Lee, chief economist"),
            ["ann", "lee"]
        );
        assert_eq!(
            normalize_name("Martin Luther King Jr."),
            ["martin", "luther", "king"]
        );
        assert_eq!(normalize_name("The Mayor"), ["the", "mayor"]);
    }

    #[test]
    fn a_name_that_ends_another_is_the_same_person() {
        let names = [
            "Transport Secretary Aled Price",
            "Aled Price",
            "Price",
            "Mayor Jane Doe",
            "Jane Doe",
        ];
        assert!(same(&names, "Transport Secretary Aled Price", "Price"));
        assert!(same(&names, "Aled Price", "Price"));
        assert!(same(&names, "Mayor Jane Doe", "Jane Doe"));
        assert!(!same(&names, "Jane Doe", "Price"));
    }

    #[test]
    fn an_ambiguous_surname_joins_nobody() {
        let names = ["Aled Price", "Sarah Price", "Price"];
        assert!(!same(&names, "Aled Price", "Sarah Price"));
        assert!(!same(&names, "Price", "Aled Price"));
        assert!(!same(&names, "Price", "Sarah Price"));
    }

    #[test]
    fn aliases_join_names_that_share_nothing() {
        let (aliases, problems) = Aliases::parse("Krysten Ritter: [\"Jessica Jones\", KR]\n");
        assert!(problems.is_empty());
        let s = Speakers::resolve(
            ["KR", "Krysten Ritter", "Ritter", "Jessica Jones"],
            &aliases,
        );
        assert_eq!(s.person("KR"), s.person("Ritter"));
        assert_eq!(s.person("Jessica Jones"), s.person("Krysten Ritter"));
        assert_eq!(s.name(s.person("KR").unwrap()), "Krysten Ritter");
    }

    /// Two canonical names that normalise alike ("Mayor Jane Smith" and
    /// "Jane Smith") name the person the same way on every run: the first
    /// in sort order.
    #[test]
    fn canonical_names_that_normalise_alike_name_a_person_the_same_way() {
        let (aliases, problems) = Aliases::parse("Mayor Jane Smith: [JS]\nJane Smith: [Smithy]\n");
        assert!(problems.is_empty());
        for _ in 0..8 {
            let s = Speakers::resolve(["JS", "Smithy", "jane smith"], &aliases);
            assert_eq!(s.person("JS"), s.person("Smithy"));
            assert_eq!(s.name(s.person("jane smith").unwrap()), "Jane Smith");
        }
    }

    #[test]
    fn display_names_keep_the_written_capitalisation() {
        let s = Speakers::resolve(
            ["showrunner Melissa Rosenberg", "Rosenberg"],
            &Aliases::default(),
        );
        assert_eq!(s.name(s.person("Rosenberg").unwrap()), "Melissa Rosenberg");
    }

    #[test]
    fn a_malformed_speakers_file_is_a_problem_not_a_crash() {
        for text in [
            "- a\n- b\n",
            "a: [\n",
            "a: 1\n",
            "a: {b: c}\n",
            "a: [1]\n",
            "a: x\na: y\n",
        ] {
            let (_, problems) = Aliases::parse(text);
            assert_eq!(problems.len(), 1, "{text:?}");
            assert_eq!(problems[0].file, "speakers.yaml");
        }
    }
}
