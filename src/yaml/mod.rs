//! A generic YAML tree in which every node keeps its line and column.
//!
//! Annotation files are validated by hand over this tree rather than by
//! deserialising straight into a struct: serde stops at the first unknown key
//! or wrong type, and `check` must report every problem of a file in one run.
//! serde-saphyr still does the parsing, rejects duplicate keys and enforces
//! the alias and depth budgets.
//!
//! The writing side is `emit`'s: [`scalar`], [`double_quoted`] and
//! [`comment`] are the only ways claimtrack puts text into a YAML file, so
//! that whatever it writes, it reads back as the same text.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

mod emit;

pub use emit::{comment, double_quoted, must_escape, plain_is_safe, scalar};

/// A YAML node with the location it was written at.
pub type Node = Spanned<Value>;

/// The value of a YAML node. Mapping entries keep their order of appearance.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What the value is, in the words a message to an annotator uses.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a number",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i128::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Node, serde_saphyr::Error> {
        serde_saphyr::from_str(text)
    }

    #[test]
    fn keeps_locations_and_types() {
        let node = parse("a: 1\nb:\n  - x\n  - 2017-01-13\nc: ~\nd: 2017\n").unwrap();
        let Value::Map(entries) = &node.value else {
            panic!("{node:?}")
        };
        eprintln!("{entries:#?}");
        assert_eq!(entries[0].1.value, Value::Int(1));
        assert_eq!(entries[0].1.referenced.line(), 1);
        assert_eq!(entries[0].1.referenced.column(), 4);
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Str("2017-01-13".into()));
        assert_eq!(items[1].referenced.line(), 4);
        assert_eq!(entries[2].1.value, Value::Null);
        assert_eq!(entries[3].1.value, Value::Int(2017));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        eprintln!("{err}");
        eprintln!("{:?}", err.location());
    }
}
