//! Recipients from a spreadsheet: [`parse_recipients_csv`] reads the bulk fields as columns
//! (header names case-insensitive, with a few common aliases), and [`outcomes_to_csv`]
//! writes a run's outcomes back. Built on the `csv` crate: quoted fields, embedded commas
//! and newlines, CRLF line ends and a UTF-8 BOM are all handled.

use crate::bulk::RowOutcome;
use crate::error::{Error, FieldError, FieldErrorCode};
use crate::models::allocation::{parse_row, BulkRow};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// One problem in a CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CsvLineError {
    /// Line in the file (1 is the header).
    pub line: u64,
    /// The field (wire name), when the problem is one field's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// What [`parse_recipients_csv`] found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ParsedRecipients {
    /// The rows that are complete and valid, in file order.
    pub rows: Vec<BulkRow>,
    /// For each row, its line in the file.
    pub lines: Vec<u64>,
    /// Every line that could not become a valid row, with why.
    pub errors: Vec<CsvLineError>,
}

fn column(header: &str) -> Option<&'static str> {
    let key: String = header.trim().trim_start_matches('\u{feff}').chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    Some(match key.as_str() {
        "title" | "salutation" => "title",
        "name" | "fullname" | "employeename" => "name",
        "email" | "emailaddress" | "emailid" => "email",
        "mobile" | "mobilenumber" | "phone" | "phonenumber" => "mobile",
        "loadamount" | "amount" | "points" => "loadAmount",
        "remarks" | "remark" | "note" | "notes" => "remarks",
        "uniquereferencenumber" | "uniquereferencenum" | "reference" | "referencenumber" | "ref" => "uniqueReferenceNumber",
        _ => return None,
    })
}

/// Reads an amount of rupees with at most two decimals, exactly (no float parsing surprises).
fn parse_amount(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.contains(',') {
        return Err(format!("write the amount without separators, e.g. 1000.50 (got {t:?})"));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 13 {
        return Err(format!("not an amount: {t:?}"));
    }
    if frac.len() > 2 {
        return Err(format!("at most 2 decimals (paise), got {t:?}"));
    }
    let paise: u64 = format!("{whole}{frac:0<2}").parse().map_err(|_| format!("not an amount: {t:?}"))?;
    Ok(paise as f64 / 100.0)
}

fn normalise_title(t: &str) -> String {
    let bare = t.trim().trim_end_matches('.');
    match bare.to_ascii_lowercase().as_str() {
        "mr" => "Mr".to_owned(),
        "mrs" => "Mrs".to_owned(),
        "ms" => "Ms".to_owned(),
        _ => t.trim().to_owned(),
    }
}

/// A valid value for a field found wrong, so that the rest of the line can be checked.
fn stand_in(field: &str) -> Option<Value> {
    Some(match field {
        "title" => Value::from("Mr"),
        "name" => Value::from("A"),
        "email" => Value::from("a@example.com"),
        "mobile" => Value::from("9876543210"),
        "loadAmount" => Value::from(1),
        "remarks" => Value::from("-"),
        _ => return None,
    })
}

/// Reads recipients from CSV text. Required columns: title, name, email, mobile, loadAmount;
/// optional: remarks, uniqueReferenceNumber. A line with any problem is left out of `rows`
/// and reported in `errors` with its line number; blank lines are skipped.
pub fn parse_recipients_csv(text: &str) -> ParsedRecipients {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // CRLF read as LF, so that reported line numbers are the file's (inside quoted fields too).
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut out = ParsedRecipients { rows: Vec::new(), lines: Vec::new(), errors: Vec::new() };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.errors.push(CsvLineError { line: 1, field: None, message: format!("the header line could not be read: {e}") });
            return out;
        }
    };
    // Line numbers from byte offsets (the csv crate's own count skips blank lines).
    let newlines: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    let bytes = text.as_bytes();
    let line_at = |byte: u64| {
        // A record's offset can point at blank lines skipped before it: step past them.
        let mut b = byte as usize;
        while b < bytes.len() && (bytes[b] == b'\n' || bytes[b] == b'\r') {
            b += 1;
        }
        newlines.partition_point(|&nl| nl < b) as u64 + 1
    };
    let columns: Vec<Option<&str>> = headers.iter().map(column).collect();
    let missing: Vec<&str> = ["title", "name", "email", "mobile", "loadAmount"].into_iter().filter(|c| !columns.contains(&Some(*c))).collect();
    if !missing.is_empty() {
        out.errors.push(CsvLineError {
            line: 1,
            field: None,
            message: format!(
                "missing column(s): {} (the header must name title, name, email, mobile, loadAmount; remarks and uniqueReferenceNumber are optional)",
                missing.join(", ")
            ),
        });
        return out;
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                out.errors.push(CsvLineError { line, field: None, message: format!("unreadable line: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let mut obj = Map::new();
        let mut problems = Vec::new();
        for (value, col) in record.iter().zip(&columns) {
            let Some(col) = col else { continue };
            if value.is_empty() {
                continue;
            }
            if value.contains('\u{fffd}') {
                // U+FFFD marks a character lost when the file was decoded (a Latin-1 "é" read
                // as UTF-8): sending it would pay a garbled name.
                problems.push(CsvLineError {
                    line,
                    field: Some((*col).to_owned()),
                    message: format!(
                        "{col} holds U+FFFD (\u{fffd}), the mark of a character lost when the file was decoded: read the file's bytes (parseRecipientsCsv(bytes), with encoding \"latin1\" if it is Latin-1) or save it as UTF-8"
                    ),
                });
                continue;
            }
            let v = match *col {
                "loadAmount" => match parse_amount(value) {
                    Ok(a) => Value::from(a),
                    Err(message) => {
                        problems.push(CsvLineError { line, field: Some("loadAmount".into()), message });
                        continue;
                    }
                },
                "title" => Value::from(normalise_title(value)),
                _ => Value::from(value),
            };
            obj.insert((*col).to_owned(), v);
        }
        if record.len() > columns.len() {
            problems.push(CsvLineError { line, field: None, message: format!("{} fields, but the header has {}", record.len(), columns.len()) });
        }
        // No problem hides another: a field already found wrong (an unreadable amount, a title
        // that is not one of the choices) is replaced by a valid stand-in and the line is
        // checked again, so that the rest of it is checked too; a field's problem is reported once.
        let mut reported: Vec<String> = problems.iter().filter_map(|p| p.field.clone()).collect();
        let mut row = None;
        for _ in 0..4 {
            for field in &reported {
                if let Some(v) = stand_in(field) {
                    obj.insert(field.clone(), v);
                }
            }
            match parse_row(Value::Object(obj.clone()), out.rows.len()) {
                Ok(r) => {
                    row = Some(r);
                    break;
                }
                Err(errors) => {
                    let fresh: Vec<FieldError> = errors.into_iter().filter(|e| !reported.contains(&e.field)).collect();
                    if fresh.is_empty() {
                        break;
                    }
                    reported.extend(fresh.iter().map(|e| e.field.clone()));
                    let retry = fresh.iter().any(|e| stand_in(&e.field).is_some());
                    problems.extend(fresh.into_iter().map(|e| CsvLineError { line, field: Some(e.field), message: e.message }));
                    if !retry {
                        break;
                    }
                }
            }
        }
        if let (Some(row), true) = (row, problems.is_empty()) {
            out.rows.push(row);
            out.lines.push(line);
            continue;
        }
        out.errors.extend(problems);
    }
    out
}

/// How the bytes of a CSV file are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum TextEncoding {
    /// UTF-8 (the default; a UTF-8 BOM is fine). Bytes that are not UTF-8 are refused.
    #[default]
    Utf8,
    /// ISO-8859-1 (Latin-1): every byte is the character U+00XX. Bytes 0x80 to 0x9F (control
    /// characters in Latin-1, letters and quotes in Windows-1252) are refused, and so is a
    /// file that is valid UTF-8 with non-ASCII text (reading it as Latin-1 would garble it).
    Latin1,
}

/// The line (1-based) and the byte in that line (1-based) of byte offset `at`.
fn line_and_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

fn not_text(message: String) -> Error {
    Error::validation(vec![FieldError::new("text", FieldErrorCode::InvalidFormat, message)])
}

/// The text of a CSV file's bytes, refusing (with the line number) what the encoding cannot
/// read, instead of replacing it with U+FFFD: a name would otherwise be paid under a
/// garbled spelling.
pub fn decode_csv_bytes(bytes: &[u8], encoding: TextEncoding) -> Result<String, Error> {
    match encoding {
        TextEncoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => {
                let at = e.valid_up_to();
                let (line, column) = line_and_column(bytes, at);
                let byte = bytes.get(at).copied().unwrap_or_default();
                Err(not_text(format!(
                    "line {line}: the file is not UTF-8 text (byte 0x{byte:02X} at byte {column} of the line): save it as UTF-8 (Excel: \"CSV UTF-8\"), or read it as Latin-1 (ISO-8859-1) if that is what it is (encoding \"latin1\", CLI --encoding latin1)"
                )))
            }
        },
        TextEncoding::Latin1 => {
            if let Some(at) = bytes.iter().position(|b| (0x80..=0x9f).contains(b)) {
                let (line, column) = line_and_column(bytes, at);
                return Err(not_text(format!(
                    "line {line}: byte 0x{:02X} at byte {column} of the line is not a Latin-1 (ISO-8859-1) character (the file may be Windows-1252): save the file as UTF-8",
                    bytes[at]
                )));
            }
            if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
                let at = bytes.iter().position(|b| !b.is_ascii()).unwrap_or_default();
                let (line, _) = line_and_column(bytes, at);
                return Err(not_text(format!(
                    "line {line}: the file is UTF-8 text, not Latin-1: reading it as Latin-1 would garble its non-ASCII characters; read it as UTF-8 (the default)"
                )));
            }
            Ok(bytes.iter().map(|&b| char::from(b)).collect())
        }
    }
}

/// [`parse_recipients_csv`] of a file's bytes: an error (naming the line) when the bytes are
/// not text in `encoding`; nothing of such a file is read.
pub fn parse_recipients_csv_bytes(bytes: &[u8], encoding: TextEncoding) -> Result<ParsedRecipients, Error> {
    Ok(parse_recipients_csv(&decode_csv_bytes(bytes, encoding)?))
}

/// A text cell made safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return would be read as a formula (CSV injection), so it gets a
/// leading `'`. Numeric columns are written as numbers and never pass through here.
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Writes outcomes as CSV a piece at a time (a header, then rows as outcomes arrive), so a
/// results file can be written while a run goes, with no limit on its size. Columns:
/// `index,status,reference,reason,enKashCardId,enKashTransactionId,balance`, with a leading `line`
/// column when the rows' `lines` (from [`parse_recipients_csv`]) are given. Text cells are
/// [`spreadsheet_safe`]; `line`, `index` and `balance` are plain numbers.
#[derive(Debug, Clone, Default)]
pub struct OutcomesCsv {
    lines: Option<Vec<u64>>,
}

fn csv_text(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> Result<(), csv::Error>) -> Result<String, Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    write(&mut w).map_err(|e| Error::config(format!("could not write CSV: {e}")))?;
    let bytes = w.into_inner().map_err(|e| Error::config(format!("could not write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::config(format!("could not write CSV: {e}")))
}

impl OutcomesCsv {
    /// A writer; `lines[i]` is the file line of row `i`.
    pub fn new(lines: Option<Vec<u64>>) -> Self {
        OutcomesCsv { lines }
    }

    /// The header line.
    pub fn header(&self) -> Result<String, Error> {
        let mut header = vec!["index", "status", "reference", "reason", "enKashCardId", "enKashTransactionId", "balance"];
        if self.lines.is_some() {
            header.insert(0, "line");
        }
        csv_text(|w| w.write_record(&header))
    }

    /// One line per outcome, in the order given.
    pub fn rows(&self, outcomes: &[RowOutcome]) -> Result<String, Error> {
        csv_text(|w| {
            for o in outcomes {
                let status = serde_json::to_value(o.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                let text = |t: &Option<String>| spreadsheet_safe(t.as_deref().unwrap_or_default()).into_owned();
                let mut rec = vec![
                    o.index.to_string(),
                    status,
                    text(&o.reference),
                    text(&o.reason),
                    text(&o.en_kash_card_id),
                    text(&o.en_kash_transaction_id),
                    o.balance.map(|b| b.to_string()).unwrap_or_default(),
                ];
                if let Some(lines) = &self.lines {
                    rec.insert(0, lines.get(o.index).map(|l| l.to_string()).unwrap_or_default());
                }
                w.write_record(&rec)?;
            }
            Ok(())
        })
    }

    /// One `invalid` line per file line with problems (no index: such a line never became a
    /// row), all of the line's problems in its reason, in line order.
    pub fn line_errors(&self, errors: &[CsvLineError]) -> Result<String, Error> {
        let mut by_line: std::collections::BTreeMap<u64, Vec<String>> = std::collections::BTreeMap::new();
        for e in errors {
            let text = match &e.field {
                Some(f) => format!("{f}: {}", e.message),
                None => e.message.clone(),
            };
            by_line.entry(e.line).or_default().push(text);
        }
        csv_text(|w| {
            for (line, problems) in &by_line {
                let reason = spreadsheet_safe(&problems.join("; ")).into_owned();
                let mut rec = vec![String::new(), "invalid".to_owned(), String::new(), reason, String::new(), String::new(), String::new()];
                if self.lines.is_some() {
                    rec.insert(0, line.to_string());
                }
                w.write_record(&rec)?;
            }
            Ok(())
        })
    }
}

/// Writes outcomes as CSV: `index,status,reference,reason,enKashCardId,enKashTransactionId,balance`,
/// with a leading `line` column when `lines` (from [`parse_recipients_csv`]) is given. Any
/// number of outcomes; text cells are [`spreadsheet_safe`]. See [`OutcomesCsv`] to write a
/// file while a run goes.
pub fn outcomes_to_csv(outcomes: &[RowOutcome], lines: Option<&[u64]>) -> Result<String, Error> {
    let w = OutcomesCsv::new(lines.map(<[u64]>::to_vec));
    Ok(w.header()? + &w.rows(outcomes)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::RowStatus;

    #[test]
    fn a_messy_but_valid_file() {
        let text = "\u{feff}Title,NAME,E-mail,Mobile Number,Amount,Remarks,Reference\r\n\
                    mr.,\"Dee, John\",john@example.com,9876543210,100.5,\"said \"\"thanks\"\"\",R-1\r\n\
                    \r\n\
                    Ms,Asha,asha@example.com,9600098867,1000,,\r\n";
        let p = parse_recipients_csv(text);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.lines, vec![2, 4]);
        assert_eq!(p.rows[0].name, "Dee, John");
        assert_eq!(p.rows[0].title, crate::allocation::Title::Mr);
        assert_eq!(p.rows[0].load_amount, 100.5);
        assert_eq!(p.rows[0].remarks.as_deref(), Some("said \"thanks\""));
        assert_eq!(p.rows[0].unique_reference_number.as_deref(), Some("R-1"));
        assert_eq!(p.rows[1].unique_reference_number, None);
        assert_eq!(p.rows[1].load_amount, 1000.0);
    }

    #[test]
    fn line_errors() {
        let text = "title,name,email,mobile,loadAmount\nMr,A,a@x.co,9876543210,10.005\nMr,B,b@x.co,12345,10\nDr,C,c@x.co,9876543211,1,000\nMr,D,d@x.co,9876543212,-4\nMr,E,e@x.co,9876543213,7\n";
        let p = parse_recipients_csv(text);
        assert_eq!(p.lines, vec![6]);
        let got: Vec<(u64, Option<&str>)> = p.errors.iter().map(|e| (e.line, e.field.as_deref())).collect();
        assert_eq!(got, vec![(2, Some("loadAmount")), (3, Some("mobile")), (4, None), (4, Some("title")), (5, Some("loadAmount"))]);
        let p = parse_recipients_csv("name,email\nA,a@x.co\n");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("title, mobile, loadAmount"), "{}", p.errors[0].message);
        assert!(parse_recipients_csv("").errors.len() == 1);
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(parse_amount("0.1"), Ok(0.1));
        assert_eq!(parse_amount("19.99"), Ok(19.99));
        assert_eq!(parse_amount(" 7 "), Ok(7.0));
        for bad in ["", ".5", "1.2.3", "1e3", "١٢", "+5", "12345678901234"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn outcomes_round_trip_through_a_csv_reader() {
        let outcomes = vec![
            RowOutcome {
                index: 0,
                status: RowStatus::Allocated,
                reference: Some("R-1".into()),
                reason: None,
                en_kash_card_id: Some("EKC1".into()),
                en_kash_transaction_id: Some("T1".into()),
                balance: Some(10.5),
            },
            RowOutcome {
                index: 1,
                status: RowStatus::Failed,
                reference: Some("R-2".into()),
                reason: Some("Insufficient balance, \"really\"".into()),
                en_kash_card_id: None,
                en_kash_transaction_id: None,
                balance: None,
            },
        ];
        let text = outcomes_to_csv(&outcomes, Some(&[2, 5])).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            r.headers().unwrap().iter().collect::<Vec<_>>(),
            ["line", "index", "status", "reference", "reason", "enKashCardId", "enKashTransactionId", "balance"]
        );
        let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(recs[0].iter().collect::<Vec<_>>(), ["2", "0", "allocated", "R-1", "", "EKC1", "T1", "10.5"]);
        assert_eq!(&recs[1][4], "Insufficient balance, \"really\"");
        assert_eq!(&recs[1][2], "failed");
    }
}
