//! Synthetic corpus generator for benchmarks and grouping accuracy.
//!
//! `cargo run --release --example gen_corpus -- OUT_DIR CLAIMS [SEED]`
//!
//! Writes a spec-valid corpus (articles/ + claims/, five claims a file, in
//! folders of 1,000 files) and `gold.tsv` beside it: one line per claim,
//! `reference<TAB>proposition id<TAB>polarity`. The same seed gives the same bytes.
//!
//! Each proposition is "<place> <facility> <action> in <month> <year>" or
//! "<person> <verb> <number> <noun> in <year>". Propositions come in
//! families of near-misses that are *different* propositions: the same
//! sentence with another place or person, facility or noun (content word),
//! month, year or number. Claims of one proposition vary in ways that keep
//! it the *same*: "will" / "is going to" / present tense, word order,
//! dropped articles, a typo in a common word, and negation with the stance
//! flipped (polarity -1 in the gold file).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
}

const SYLLABLES: &[&str] = &[
    "nor", "th", "gate", "east", "field", "west", "brook", "mill", "oak", "ridge", "ash", "ford",
    "kings", "ton", "bridge", "stone", "haven", "wood", "dale", "mere", "holm", "by", "wick",
    "burn", "glen", "moor", "lan", "cas", "ter", "wor", "shire", "den", "ley", "ham", "mouth",
    "port",
];
const FIRST: &[&str] = &[
    "Ann", "Bo", "Carla", "Dev", "Elin", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Luis",
    "Mona", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen",
    "Yara",
];
const ROLES: &[&str] = &[
    "Mayor",
    "Councillor",
    "Minister",
    "Director",
    "Spokesperson",
    "Senator",
];
const FACILITIES: &[&str] = &[
    "library", "stadium", "hospital", "museum", "station", "theatre", "market", "school", "bridge",
    "airport", "harbour", "tunnel", "clinic", "gallery", "factory",
];
const ACTIONS: &[(&str, &str, &str)] = &[
    // (base, third person, -ing)
    ("reopen", "reopens", "reopening"),
    ("close", "closes", "closing"),
    ("expand", "expands", "expanding"),
    ("relocate", "relocates", "relocating"),
];
const VERBS: &[(&str, &str, &str)] = &[
    ("cut", "cuts", "cutting"),
    ("hire", "hires", "hiring"),
    ("build", "builds", "building"),
];
const NOUNS: &[&str] = &[
    "jobs",
    "homes",
    "classrooms",
    "beds",
    "buses",
    "trains",
    "stores",
    "offices",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn place(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let mut s: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
    s[..1].make_ascii_uppercase();
    s
}

fn surname(rng: &mut Rng) -> String {
    let mut s = format!("{}{}", rng.pick(SYLLABLES), rng.pick(SYLLABLES));
    s[..1].make_ascii_uppercase();
    s
}

/// A proposition: the slots of its sentence.
#[derive(Clone)]
enum Prop {
    Facility {
        place: String,
        facility: &'static str,
        action: usize,
        month: usize,
        year: u32,
    },
    Person {
        person: String,
        verb: usize,
        number: u32,
        noun: &'static str,
        year: u32,
    },
}

impl Prop {
    fn random(rng: &mut Rng) -> Prop {
        if rng.chance(0.6) {
            Prop::Facility {
                place: place(rng),
                facility: FACILITIES[rng.below(FACILITIES.len())],
                action: rng.below(ACTIONS.len()),
                month: rng.below(12),
                year: 2016 + rng.below(10) as u32,
            }
        } else {
            Prop::Person {
                person: format!("{} {}", rng.pick(FIRST), surname(rng)),
                verb: rng.below(VERBS.len()),
                number: 10 * (1 + rng.below(90)) as u32,
                noun: NOUNS[rng.below(NOUNS.len())],
                year: 2016 + rng.below(10) as u32,
            }
        }
    }

    /// What makes two propositions the same.
    fn key(&self) -> String {
        match self {
            Prop::Facility {
                place,
                facility,
                action,
                month,
                year,
            } => format!("f|{place}|{facility}|{action}|{month}|{year}"),
            Prop::Person {
                person,
                verb,
                number,
                noun,
                year,
            } => format!("p|{person}|{verb}|{number}|{noun}|{year}"),
        }
    }

    /// A near-miss: one slot changed, so a different proposition.
    fn sibling(&self, rng: &mut Rng) -> Prop {
        let mut p = self.clone();
        match &mut p {
            Prop::Facility {
                place: pl,
                facility,
                month,
                year,
                ..
            } => match rng.below(4) {
                0 => *pl = place(rng),
                1 => {
                    *facility = FACILITIES[(FACILITIES.iter().position(|f| f == facility).unwrap()
                        + 1
                        + rng.below(FACILITIES.len() - 1))
                        % FACILITIES.len()]
                }
                2 => *month = (*month + 1 + rng.below(11)) % 12,
                _ => *year += 1 + rng.below(3) as u32,
            },
            Prop::Person {
                person,
                number,
                noun,
                year,
                ..
            } => match rng.below(4) {
                0 => *person = format!("{} {}", rng.pick(FIRST), surname(rng)),
                1 => *number += 10 * (1 + rng.below(5)) as u32,
                2 => {
                    *noun = NOUNS[(NOUNS.iter().position(|n| n == noun).unwrap()
                        + 1
                        + rng.below(NOUNS.len() - 1))
                        % NOUNS.len()]
                }
                _ => *year += 1 + rng.below(3) as u32,
            },
        }
        p
    }

    /// One phrasing of the proposition; `negated` phrasings deny it.
    fn phrase(&self, rng: &mut Rng, negated: bool) -> String {
        let tense = rng.below(3);
        let (subject, verb, rest) = match self {
            Prop::Facility {
                place,
                facility,
                action,
                month,
                year,
            } => {
                let article = if rng.chance(0.7) { "The " } else { "" };
                (
                    format!("{article}{place} {}", typo(rng, facility)),
                    ACTIONS[*action],
                    format!("in {} {year}", MONTHS[*month]),
                )
            }
            Prop::Person {
                person,
                verb,
                number,
                noun,
                year,
            } => (
                person.clone(),
                VERBS[*verb],
                format!("{number} {} in {year}", typo(rng, noun)),
            ),
        };
        let (base, third, ing) = verb;
        let object = match self {
            Prop::Person { .. } => format!(" {rest}"),
            Prop::Facility { .. } => String::new(),
        };
        let when = match self {
            Prop::Facility { .. } => format!(" {rest}"),
            Prop::Person { .. } => String::new(),
        };
        let predicate = match (tense, negated) {
            (0, false) => format!("will {base}"),
            (0, true) => format!("{} {base}", rng.pick(&["will not", "won't", "will never"])),
            (1, false) => format!("is going to {base}"),
            (1, true) => format!("{} going to {base}", rng.pick(&["is not", "isn't"])),
            (_, false) => third.to_owned(),
            (_, true) => format!("{} {ing}", rng.pick(&["is not", "isn't", "is no longer"])),
        };
        let sentence = format!("{subject} {predicate}{object}{when}");
        // Word order: the time phrase first, sometimes.
        if matches!(self, Prop::Facility { .. }) && rng.chance(0.2) {
            let rest = when.trim_start();
            let mut out = format!("{rest} {subject} {predicate}{object}");
            if let Some(stripped) = out.strip_prefix("in ") {
                out = format!("In {stripped}");
            }
            return out.replace(" The ", " the ");
        }
        sentence
    }
}

/// A typo in a common word, sometimes: two letters swapped or one dropped.
fn typo(rng: &mut Rng, word: &str) -> String {
    if word.len() < 6 || !rng.chance(0.1) {
        return word.to_owned();
    }
    let mut cs: Vec<char> = word.chars().collect();
    let i = 1 + rng.below(cs.len() - 3);
    if rng.chance(0.5) {
        cs.swap(i, i + 1);
    } else {
        cs.remove(i);
    }
    cs.into_iter().collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_corpus OUT_DIR CLAIMS [SEED]");
        std::process::exit(2);
    }
    let out = Path::new(&args[1]);
    let total: usize = args[2].parse().expect("CLAIMS is a number");
    let seed: u64 = args
        .get(3)
        .map_or(1, |s| s.parse().expect("SEED is a number"));
    let mut rng = Rng(seed);

    // Propositions: families of 1 to 4 near-misses; about 8 claims each.
    // Each proposition once: a repeated one would be one proposition under two ids.
    let mut props: Vec<Prop> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while props.len() * 8 < total.max(8) {
        let p = Prop::random(&mut rng);
        let siblings = rng.below(4);
        let family: Vec<Prop> = std::iter::once(p.clone())
            .chain((0..siblings).map(|_| p.sibling(&mut rng)))
            .collect();
        for q in family {
            if seen.insert(q.key()) {
                props.push(q);
            }
        }
    }
    let speakers: Vec<String> = (0..(props.len() / 4).max(20))
        .map(|_| format!("{} {}", rng.pick(FIRST), surname(&mut rng)))
        .collect();

    let mut gold = String::new();
    let per_file = 5;
    let files = total.div_ceil(per_file);
    let mut made = 0;
    for f in 0..files {
        let dir = format!("{:04}", f / 1000);
        let key = format!("{dir}/article-{f:06}");
        let year = 2016 + rng.below(10);
        let published = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let mut article = format!("Synthetic article {f}\n\n");
        let mut yaml = format!(
            "title: Synthetic article {f}\npublished: {published}\noutlet: Outlet {}\nclaims:\n",
            rng.below(50)
        );
        for i in 0..per_file.min(total - made) {
            let pid = rng.below(props.len());
            let negated = rng.chance(0.25);
            let text = props[pid].phrase(&mut rng, negated);
            let speaker = &speakers[rng.below(speakers.len())];
            let speaker = if rng.chance(0.3) {
                format!("{} {speaker}", rng.pick(ROLES))
            } else {
                speaker.clone()
            };
            let stance = ["supports", "refutes", "unsure"][rng.below(3)];
            let quote = format!("{text}.");
            let _ = writeln!(article, "{speaker} said: \"{quote}\" (item {i})");
            let _ = write!(
                yaml,
                "  - id: c{i}\n    claim: {text}\n    stance: {stance}\n    speaker: {speaker}\n    quote: \"{quote}\"\n"
            );
            let _ = writeln!(gold, "{key}#c{i}\t{pid}\t{}", if negated { -1 } else { 1 });
            made += 1;
        }
        for (folder, ext, body) in [("articles", "txt", &article), ("claims", "yaml", &yaml)] {
            let path = out.join(folder).join(format!("{key}.{ext}"));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
    }
    fs::write(out.join("gold.tsv"), gold).unwrap();
    eprintln!(
        "{made} claims in {files} files, {} propositions, into {}",
        props.len(),
        out.display()
    );
}
