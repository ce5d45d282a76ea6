//! Text made safe and short for a terminal: what an annotation file or an
//! article holds is shown to people, and must neither drive their terminal
//! (escape sequences, bidi overrides) nor flood it.

/// Cuts long text at a character boundary, marking the cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Characters a terminal may act on that JSON escaping leaves raw: C1
/// controls (U+009B is a one-character CSI) and bidi embeddings, overrides
/// and isolates.
pub fn acts_on_terminal(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// JSON text with the characters of [`acts_on_terminal`] written as
/// `\uXXXX` escapes: the same JSON value, safe to show. Outside strings
/// JSON text is ASCII, so every such character is inside a string, where
/// an escape means the character itself.
pub fn json_terminal_safe(json: String) -> String {
    if !json.contains(acts_on_terminal) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text made safe to print on a terminal: control characters become their
/// visible Unicode pictures (BEL becomes ␇, ESC ␛), C1 controls and bidi
/// embedding, override and isolate characters become U+FFFD. An annotation
/// file cannot then move the cursor, recolour the terminal or reorder what
/// the reader sees. Line breaks and tabs are kept. One character in, one
/// out, so columns still line up.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !unsafe_char(c) => c,
            '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_value_and_loses_what_a_terminal_acts_on() {
        let text = "a\u{9b}31mb\u{202E}c\u{85}d \u{2019}";
        let json = json_terminal_safe(serde_json::to_string(text).unwrap());
        assert!(!json.contains(acts_on_terminal), "{json}");
        assert!(json.contains("\\u009b") && json.contains("\u{2019}"));
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn shortens_on_character_boundaries() {
        assert_eq!(shorten("Krysten Ritter", 7), "Krysten…");
        assert_eq!(shorten("éééé", 2), "éé…");
        assert_eq!(shorten("short", 10), "short");
    }

    #[test]
    fn printable_text_cannot_drive_the_terminal() {
        assert_eq!(printable("plain text\n\tok"), "plain text\n\tok");
        assert_eq!(printable("a\u{1b}[31mred\u{7}"), "a\u{241B}[31mred\u{2407}");
        assert_eq!(
            printable("x\u{202E}y\u{9B}z\u{7F}"),
            "x\u{FFFD}y\u{FFFD}z\u{2421}"
        );
        assert_eq!(printable("\r\0"), "\u{240D}\u{2400}");
    }
}
