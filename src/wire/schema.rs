//! The shape of each answer as a table: which keys a record has, how each value is read, the
//! other spellings, whether unknown keys are kept. `crate::wire::transcode` reads an
//! answer's text by these tables straight into the JSON the SDK hands to JavaScript, so the
//! browser build carries no per-type decoding code: one reader, compiled once, and a table
//! per type (plain data).
//!
//! Each model declares its table beside its struct (`impl Described for Card`). The Rust API
//! still reads answers into the structs with serde; the tests in `wire/transcode.rs` check, for
//! every answer type and every record inside one, that both give the same JSON and the same
//! errors on the same answers (`tables_read_what_the_models_read`: seed samples and every
//! one-value change of them; `generated_answers_read_as_the_models_read`: generated answers),
//! so a table cannot drift from its struct unnoticed.

/// How one value is read, and written for JS.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string (`String`, `Secret`).
    Text,
    /// `true` or `false`.
    Bool,
    /// A number or a numeric string, written as a number (`crate::types::lenient_number`).
    Number,
    /// A whole count, as a number or a numeric string (`crate::types::lenient_count`).
    Count,
    /// A whole number or a string, written as given ([`crate::types::Id`]).
    Id,
    /// A string or a whole number, written as a string (`crate::types::opt_id_string`).
    IdText,
    /// A code or an object with name and label ([`crate::types::Labeled`]).
    Labeled,
    /// Any JSON, kept as sent (`serde_json::Value`).
    Any,
    /// An object read by its table.
    Record(&'static Record),
    /// An array of one kind.
    List(&'static Kind),
    /// An object whose values are of one kind (`BTreeMap<String, _>`).
    Map(&'static Kind),
}

/// When a field may be absent, and what stands in for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Absent or `null`: left out of what JS gets (`Option`, `#[serde(default)]`).
    Optional,
    /// A missing key is a decode error naming it.
    Required,
    /// A missing key is its kind's empty value (`{}` for a map, `[]` for a list); `null` is
    /// an error (`#[serde(default)]` on a map or a list).
    DefaultEmpty,
    /// Missing or `null`: an empty list (`null_as_empty`).
    NullEmpty,
    /// Missing or `null`: the number of items of the fields at these positions.
    LengthOf(&'static [usize]),
}

/// One key of a record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key, as the SDK spells it (what JS gets).
    pub key: &'static str,
    /// How its value is read.
    pub kind: Kind,
    /// Whether it may be left out.
    pub need: Need,
}

/// An object with known keys.
#[derive(Debug)]
pub struct Record {
    /// What serde says the type expected when the value is not an object ("struct Card", or
    /// "an object" for a type with other spellings).
    pub expecting: &'static str,
    /// The keys, in the order the struct declares them.
    pub fields: &'static [Field],
    /// Other spellings, `(other, sdk)`, as the type's `respelled!` lists them (in an answer:
    /// the SDK's spelling wins when it holds a value; another spelling is then kept in
    /// `extra`).
    pub spellings: &'static [(&'static str, &'static str)],
    /// Whether unknown keys are kept (under `extra`, always present) or skipped.
    pub extra: bool,
}

/// What a whole payload is.
#[derive(Debug, Clone, Copy)]
pub enum Schema {
    /// A value of one kind (a record).
    Value(Kind),
    /// An array of one kind (`Vec<Cart>`).
    List(Kind),
    /// A page of records of one kind ([`crate::wire::paging::Page`], with its several list
    /// and count keys).
    Page(Kind),
    /// A small answer read by a plain function over the parsed payload (a coin balance, an
    /// SSO token): the JSON text for JS, or serde's words for what is wrong.
    Read(fn(&serde_json::Value) -> Result<String, String>),
}

/// A type whose answers the table-driven reader can read.
pub trait Described {
    /// Its table.
    fn schema() -> Schema;
}

/// An optional field.
pub const fn opt(key: &'static str, kind: Kind) -> Field {
    Field { key, kind, need: Need::Optional }
}

/// A required field.
pub const fn must(key: &'static str, kind: Kind) -> Field {
    Field { key, kind, need: Need::Required }
}

/// A field with another rule for its absence.
pub const fn field(key: &'static str, kind: Kind, need: Need) -> Field {
    Field { key, kind, need }
}

/// The table of a record, as a schema.
pub const fn record(r: &'static Record) -> Schema {
    Schema::Value(Kind::Record(r))
}

impl<T: Described> Described for Vec<T> {
    fn schema() -> Schema {
        match T::schema() {
            Schema::Value(kind) => Schema::List(kind),
            other => other,
        }
    }
}

impl<T: Described> Described for crate::wire::paging::Page<T> {
    fn schema() -> Schema {
        match T::schema() {
            Schema::Value(kind) => Schema::Page(kind),
            other => other,
        }
    }
}

/// The table of [`crate::types::Labeled`]'s object form.
pub const LABELED: Record = Record {
    expecting: "struct LabeledObject",
    fields: &[opt("name", Kind::Text), opt("label", Kind::Text), opt("description", Kind::Text)],
    spellings: &[],
    extra: true,
};
