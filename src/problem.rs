//! Problems found in a corpus: data, collected, never printed by the library.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a problem is: errors fail `check`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable code of a problem, as listed in the spec and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    MissingAnnotation,
    MissingArchive,
    NotAnnotated,
    OrphanAnnotation,
    Unreadable,
    YamlSyntax,
    Schema,
    BadDate,
    DuplicateId,
    QuoteNotFound,
    QuoteAmbiguous,
    DateAfterPublished,
    DuplicateClaim,
    SimilarClaim,
}

impl Code {
    pub const ALL: [Code; 14] = [
        Code::MissingAnnotation,
        Code::MissingArchive,
        Code::NotAnnotated,
        Code::OrphanAnnotation,
        Code::Unreadable,
        Code::YamlSyntax,
        Code::Schema,
        Code::BadDate,
        Code::DuplicateId,
        Code::QuoteNotFound,
        Code::QuoteAmbiguous,
        Code::DateAfterPublished,
        Code::DuplicateClaim,
        Code::SimilarClaim,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingAnnotation => "missing-annotation",
            Code::MissingArchive => "missing-archive",
            Code::NotAnnotated => "not-annotated",
            Code::OrphanAnnotation => "orphan-annotation",
            Code::Unreadable => "unreadable",
            Code::YamlSyntax => "yaml-syntax",
            Code::Schema => "schema",
            Code::BadDate => "bad-date",
            Code::DuplicateId => "duplicate-id",
            Code::QuoteNotFound => "quote-not-found",
            Code::QuoteAmbiguous => "quote-ambiguous",
            Code::DateAfterPublished => "date-after-published",
            Code::DuplicateClaim => "duplicate-claim",
            Code::SimilarClaim => "similar-claim",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::QuoteAmbiguous
            | Code::DateAfterPublished
            | Code::DuplicateClaim
            | Code::SimilarClaim => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Code::ALL
            .into_iter()
            .find(|c| c.as_str() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown problem code {name}")))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem: a code, the file (relative to the corpus root, `/`-separated),
/// a 1-based line and column where it has one, and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: Code,
    pub severity: Severity,
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl Problem {
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            severity: code.severity(),
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// The same problem pointed at a line and column (0 means unknown).
    pub fn at(mut self, line: u32, column: u32) -> Self {
        if line > 0 {
            self.line = Some(line);
            self.column = (column > 0).then_some(column);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts problems by file, then line and column (problems without a line
/// first), then code, so that output is the same from run to run.
pub fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_from_its_name() {
        for code in Code::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
        }
        assert_eq!(Code::NotAnnotated.as_str(), "not-annotated");
        assert_eq!(Code::NotAnnotated.severity(), Severity::Error);
        assert_eq!(Code::DuplicateClaim.as_str(), "duplicate-claim");
        assert_eq!(Code::DuplicateClaim.severity(), Severity::Warning);
    }
}
