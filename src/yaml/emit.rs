//! The YAML emitter: text written as a scalar or a comment so that it reads
//! back as exactly the same text, never as a number, boolean, null or date,
//! and shows no character a reader cannot see. Everything claimtrack writes
//! into a YAML file (`add`, `new`, `import`) goes through here.

use std::borrow::Cow;

/// `text` as a YAML scalar (a mapping value in block context) that reads
/// back as exactly `text`, and as a string, never a number, boolean, null
/// or date: plain when [`plain_is_safe`], else [`double_quoted`].
pub fn scalar(text: &str) -> Cow<'_, str> {
    if plain_is_safe(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(double_quoted(text))
    }
}

/// Punctuation that may stand in a plain scalar after its first character.
/// `:` and `#` are left out (`a: b` and `a #b` end the scalar), and so is
/// everything else with a meaning in some YAML position.
const PLAIN_PUNCTUATION: &str =
    "'.,;()/-_?!+=$%&@\"*\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{2026}\u{00AB}\u{00BB}";

/// Words a YAML reader turns into booleans or null (YAML 1.2's, and YAML
/// 1.1's for readers that still use them), compared ignoring ASCII case.
const RESERVED_WORDS: [&str; 11] = [
    "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "nan",
];

/// Whether `text` can be written plain and still read back as the same
/// string: a conservative whitelist rather than YAML's full rules. It starts
/// with a letter (so it is no number, date, `.inf`, `~` or indicator such as
/// `-`, `?`, `&`, `*`, `!`, `|`, `>`, `%`, `@`, a quote or a bracket), holds
/// only letters, digits, single inner spaces and `PLAIN_PUNCTUATION`, does
/// not end in a space and is none of `RESERVED_WORDS`.
pub fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    first.is_alphabetic()
        && !text.ends_with(' ')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || PLAIN_PUNCTUATION.contains(c))
        && !RESERVED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// `text` in double quotes with YAML escapes for `"`, `\` and every
/// character that is not safe to write raw ([`must_escape`]), so the result
/// is one line of printable characters that reads back as `text`.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if must_escape(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` made safe to put after `#` in a YAML comment: one line, every
/// character [`must_escape`] would escape shown as its escape (`\u0085`).
pub fn comment(text: &str) -> Cow<'_, str> {
    if !text.chars().any(must_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if must_escape(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters never written raw: controls (C0 with tab and line breaks,
/// DEL, C1 with NEL), the line and paragraph separators, the byte order
/// mark, noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF and the last two of
/// every plane), and invisible or reordering format characters, which YAML
/// may refuse, fold or strip, and which a person reading the file cannot see.
pub fn must_escape(c: char) -> bool {
    c.is_control()
        || is_noncharacter(c)
        || matches!(
            c,
            '\u{00A0}' // no-break space, which some readers trim
            | '\u{00AD}' // soft hyphen
            | '\u{061C}' // Arabic letter mark
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width characters, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{FEFF}' // byte order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
            | '\u{E0000}'..='\u{E007F}' // tags
        )
}

/// Unicode noncharacters: U+FDD0..U+FDEF and U+xxFFFE, U+xxFFFF of every plane.
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// The YAML double-quoted escape of `c`: a short one for the common
/// controls, else `\uXXXX` or `\UXXXXXXXX`.
fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let short = match c {
        '\0' => "\\0",
        '\t' => "\\t",
        '\n' => "\\n",
        '\r' => "\\r",
        _ => "",
    };
    if !short.is_empty() {
        out.push_str(short);
    } else if u32::from(c) <= 0xFFFF {
        let _ = write!(out, "\\u{:04X}", u32::from(c));
    } else {
        let _ = write!(out, "\\U{:08X}", u32::from(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Limits, parse_annotation};
    use crate::yaml::{Node, Value};
    use proptest::prelude::*;

    /// What the tree reader (`check`'s slow path) makes of `key: <scalar>`.
    fn tree_value(written: &str) -> Value {
        let text = format!("key: {written}\n");
        let node: Node =
            serde_saphyr::from_str_with_options(&text, Limits::default().yaml_options())
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let Value::Map(mut entries) = node.value else {
            panic!("{text:?}: not a mapping")
        };
        assert_eq!(entries.len(), 1, "{text:?}");
        entries.pop().unwrap().1.value
    }

    /// `s` written as every text field of an annotation file it may be, read
    /// back by `check`'s reader (fast path first, then the tree): each reads
    /// back as `s`, and the file has no problem.
    fn assert_round_trips(s: &str) {
        let w = scalar(s);
        assert_eq!(
            tree_value(&w),
            Value::Str(s.to_owned()),
            "{s:?} written {w}"
        );
        assert_eq!(
            tree_value(&double_quoted(s)),
            Value::Str(s.to_owned()),
            "{s:?} double-quoted"
        );
        // Required fields may not be blank; optional ones may be anything.
        let required = if s.trim().is_empty() { "x" } else { s };
        let r = scalar(required);
        let file = format!(
            "# {}\ntitle: {w}\npublished: 2017\noutlet: {w}\nurl: {w}\nclaims:\n  - id: a\n    claim: {r}\n    stance: supports\n    speaker: {r}\n    quote: {r}\n    topic: {r}\n    note: {w}\n  - {{id: b, claim: {}, stance: unsure, speaker: x, quote: x, note: {}}}\n",
            comment(s),
            double_quoted(required),
            double_quoted(s),
        );
        let parsed = parse_annotation(&file, "a", "claims/a.yaml", None, &Limits::default());
        assert!(
            parsed.problems.is_empty(),
            "{file:?}: {:?}",
            parsed.problems
        );
        let a = parsed.annotation.expect("read");
        assert_eq!(a.title.as_deref(), Some(s), "{file:?}");
        assert_eq!(a.outlet.as_deref(), Some(s));
        assert_eq!(a.url.as_deref(), Some(s));
        let c = &a.claims[0];
        for field in [&c.claim, &c.speaker, &c.quote] {
            assert_eq!(field, required, "{file:?}");
        }
        assert_eq!(c.topic.as_deref(), Some(required));
        assert_eq!(c.note.as_deref(), Some(s));
        assert_eq!(a.claims[1].claim, required);
        assert_eq!(a.claims[1].note.as_deref(), Some(s));
    }

    #[test]
    fn yaml_look_alikes_are_quoted_and_read_back_as_text() {
        for s in [
            "",
            " ",
            "2015",
            "2015-01-07",
            "0x1F",
            "0o17",
            "0b1",
            "1e3",
            "1_000",
            "+1",
            "-1",
            "012",
            ".5",
            ".inf",
            "-.inf",
            ".nan",
            ".NaN",
            "inf",
            "NaN",
            "true",
            "True",
            "FALSE",
            "null",
            "Null",
            "~",
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "n",
            "-",
            "- a",
            "?",
            "? a",
            ":",
            "a:",
            "a: b",
            "a #b",
            "#a",
            "&a",
            "*a",
            "!a",
            "!!str",
            "|",
            ">",
            "%YAML",
            "@a",
            "`a",
            "[a]",
            "]",
            "{a}",
            "}",
            ",",
            "a,b",
            "'a'",
            "\"a\"",
            "---",
            "...",
            " lead",
            "trail ",
            "tab\there",
            "line\nbreak",
            "cr\rlf",
            "nel\u{85}x",
            "ls\u{2028}ps\u{2029}",
            "del\u{7F}",
            "c1\u{9B}31m",
            "\u{FEFF}bom",
            "x\u{FFFE}",
            "\u{FFFF}",
            "\u{10FFFF}",
            "\u{1FFFE}",
            "\u{FDD0}",
            "nul\0",
            "esc\u{1b}[31m",
            "back\\slash",
            "\\n",
            "zero\u{200B}width",
            "\u{202E}rtl",
            "nbsp\u{A0}",
            "World's oldest burger",
            "Caf\u{e9} \u{2014} \u{201C}quoted\u{201D}",
        ] {
            assert_round_trips(s);
        }
    }

    #[test]
    fn ordinary_text_stays_plain() {
        for s in [
            "The bridge will open",
            "appleinsider.com",
            "chan-eastfield-bridge-won-t",
            "supports",
            "Joan Rivers Doctor Reportedly Took a Selfie (Before) Her Cardiac Arrest!",
            "Zo\u{eb} said it\u{2019}s \u{201C}fine\u{201D}",
        ] {
            assert_eq!(scalar(s), s, "{s:?}");
            assert_round_trips(s);
        }
        for s in [
            "2015", "true", "no", "a: b", "x #y", " lead", "[list]", "- dash",
        ] {
            assert!(scalar(s).starts_with('"'), "{s:?}");
        }
    }

    #[test]
    fn unsafe_characters_are_escaped_visibly() {
        assert_eq!(
            double_quoted("a\u{7F}\u{85}\u{FFFE}\t\"\\"),
            "\"a\\u007F\\u0085\\uFFFE\\t\\\"\\\\\""
        );
        assert_eq!(double_quoted("\u{1FFFF}"), "\"\\U0001FFFF\"");
        assert_eq!(comment("a\nb\u{2028}"), "a\\nb\\u2028");
        assert_eq!(comment("plain # text"), "plain # text");
    }

    /// Strings built from the pieces YAML gives a meaning to.
    fn yaml_special() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\u{85}",
            "\u{2028}",
            "\u{2029}",
            "\u{FEFF}",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{7F}",
            "\u{9F}",
            "\0",
            "\u{1b}",
            "\u{A0}",
            "-",
            "?",
            ":",
            ": ",
            " #",
            "#",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "[",
            "]",
            "{",
            "}",
            ",",
            "'",
            "\"",
            "\\",
            "~",
            ".",
            ".inf",
            ".nan",
            "0x",
            "0o",
            "0b",
            "0",
            "1",
            "2015",
            "-01",
            "e3",
            "_",
            "+",
            "true",
            "False",
            "NULL",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "---",
            "...",
            "a",
            "Z",
            "word",
            "\u{e9}",
            "\u{2019}",
            "\u{10FFFF}",
        ]);
        prop::collection::vec(piece, 0..8).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_string_round_trips(s in any::<String>()) {
            assert_round_trips(&s);
        }

        #[test]
        fn any_chars_round_trip(s in prop::collection::vec(any::<char>(), 0..12)) {
            assert_round_trips(&s.into_iter().collect::<String>());
        }

        #[test]
        fn yaml_special_strings_round_trip(s in yaml_special()) {
            assert_round_trips(&s);
        }
    }
}
