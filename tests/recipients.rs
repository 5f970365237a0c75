//! Recipients CSV in and results CSV out: every problem of a line reported (a bad amount
//! hides nothing), bytes that are not text refused with their line (never turned into
//! U+FFFD), Latin-1 read only when asked, any number of outcomes written, and no cell that a
//! spreadsheet would run as a formula.

use enkash_rewards::recipients::{decode_csv_bytes, outcomes_to_csv, parse_recipients_csv, parse_recipients_csv_bytes, OutcomesCsv, TextEncoding};
use enkash_rewards::{CsvLineError, RowOutcome, RowStatus};

const HEADER: &str = "title,name,email,mobile,loadAmount,remarks,uniqueReferenceNumber\n";

fn fields_of(errors: &[CsvLineError], line: u64) -> Vec<&str> {
    let mut f: Vec<&str> = errors.iter().filter(|e| e.line == line).map(|e| e.field.as_deref().unwrap_or("-")).collect();
    f.sort_unstable();
    f
}

#[test]
fn a_bad_amount_hides_none_of_the_lines_other_problems() {
    let text =
        format!("{HEADER}Dr,A,not-an-email,123,1.005,,\nMr,B,b@example.com,9876543210,abc,,\nMr,C,c@example.com,12,,,\nMs,D,d@example.com,9876543211,5,,\n");
    let p = parse_recipients_csv(&text);
    assert_eq!(fields_of(&p.errors, 2), ["email", "loadAmount", "mobile", "title"], "{:#?}", p.errors);
    assert_eq!(fields_of(&p.errors, 3), ["loadAmount"], "a line whose only problem is the amount");
    let amount = p.errors.iter().find(|e| e.line == 2 && e.field.as_deref() == Some("loadAmount")).unwrap();
    assert!(amount.message.contains("2 decimals"), "the amount's own problem, not the stand-in's: {}", amount.message);
    assert!(fields_of(&p.errors, 4).contains(&"mobile"));
    assert!(fields_of(&p.errors, 4).contains(&"loadAmount"), "a missing amount is still reported");
    assert_eq!(p.lines, [5]);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].load_amount, 5.0);
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_line() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"Mr,Ravi,ravi@example.com,9876543210,10,,\n");
    bytes.extend_from_slice(b"Mr,Jos\xe9,jose@example.com,9876543211,10,,\n");
    let e = parse_recipients_csv_bytes(&bytes, TextEncoding::Utf8).unwrap_err();
    assert_eq!(e.kind(), "validation");
    assert_eq!(e.field_errors()[0].field, "text");
    let message = e.to_string();
    assert!(message.contains("line 3") && message.contains("0xE9") && message.contains("latin1"), "{message}");
    assert!(!message.contains('\u{fffd}'));

    let p = parse_recipients_csv_bytes(&bytes, TextEncoding::Latin1).unwrap();
    assert_eq!(p.errors, []);
    assert_eq!(p.rows[1].name, "José");

    // Windows-1252's right quote (0x92) is no Latin-1 character: refused, not guessed.
    let e = decode_csv_bytes(b"title\nO\x92Brien\n", TextEncoding::Latin1).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("0x92"), "{e}");
    // A UTF-8 file read as Latin-1 would become "JosÃ©": refused.
    let e = decode_csv_bytes("a\nJosé\n".as_bytes(), TextEncoding::Latin1).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("UTF-8"), "{e}");
    assert_eq!(decode_csv_bytes("\u{feff}Jos\u{e9}".as_bytes(), TextEncoding::Utf8).unwrap(), "\u{feff}José");
    assert_eq!(decode_csv_bytes(b"plain ascii", TextEncoding::Latin1).unwrap(), "plain ascii");

    // Text decoded elsewhere with replacement (a browser's File.text()): the lost character is
    // a line error, never sent.
    let p = parse_recipients_csv(&String::from_utf8_lossy(&bytes));
    assert_eq!(p.lines, [2]);
    assert_eq!(fields_of(&p.errors, 3), ["name"]);
    assert!(p.errors[0].message.contains("U+FFFD"), "{}", p.errors[0].message);
}

fn outcome(index: usize, text: &str) -> RowOutcome {
    RowOutcome {
        index,
        status: RowStatus::Failed,
        reference: Some(format!("{text}ref")),
        reason: Some(format!("{text}reason")),
        en_kash_card_id: Some(format!("{text}card")),
        en_kash_transaction_id: Some(format!("{text}txn")),
        balance: Some(12.5),
    }
}

#[test]
fn no_cell_starts_a_formula() {
    let triggers = ["=", "+", "-", "@", "\t", "\r"];
    let outcomes: Vec<RowOutcome> = triggers.iter().enumerate().map(|(i, t)| outcome(i, t)).collect();
    let lines: Vec<u64> = (0..triggers.len() as u64).map(|i| i + 2).collect();
    let text = outcomes_to_csv(&outcomes, Some(&lines)).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), triggers.len());
    for (rec, trigger) in records.iter().zip(triggers) {
        for (column, suffix) in [(3, "ref"), (4, "reason"), (5, "card"), (6, "txn")] {
            assert_eq!(&rec[column], format!("'{trigger}{suffix}"), "column {column}, trigger {trigger:?}");
        }
        assert!(rec[0].parse::<u64>().is_ok() && rec[1].parse::<u64>().is_ok(), "line and index stay numbers");
        assert_eq!(&rec[7], "12.5", "balance stays a number");
    }
    // A line error's reason is a text cell too.
    let w = OutcomesCsv::new(Some(vec![]));
    let errors = [CsvLineError { line: 7, field: None, message: "=HYPERLINK(\"x\")".into() }];
    assert!(w.line_errors(&errors).unwrap().starts_with("7,,invalid,,\"'=HYPERLINK"));
    // Harmless text is left alone.
    let plain = outcomes_to_csv(&[outcome(0, "A")], None).unwrap();
    assert!(plain.contains(",Aref,Areason,Acard,Atxn,12.5"), "{plain}");
}

#[test]
fn any_number_of_outcomes_and_a_writer_that_streams() {
    let outcomes: Vec<RowOutcome> = (0..25_000).map(|i| outcome(i, "x")).collect();
    let whole = outcomes_to_csv(&outcomes, None).unwrap();
    assert_eq!(whole.lines().count(), 25_001);
    let w = OutcomesCsv::new(None);
    let mut pieces = w.header().unwrap();
    for chunk in outcomes.chunks(977) {
        pieces += &w.rows(chunk).unwrap();
    }
    assert_eq!(pieces, whole, "header + rows piece by piece is the same file");
    let errors = [
        CsvLineError { line: 9, field: Some("mobile".into()), message: "bad".into() },
        CsvLineError { line: 4, field: None, message: "short".into() },
        CsvLineError { line: 9, field: Some("email".into()), message: "worse".into() },
    ];
    let text = OutcomesCsv::new(Some(vec![])).line_errors(&errors).unwrap();
    assert_eq!(text, "4,,invalid,,short,,,\r\n9,,invalid,,mobile: bad; email: worse,,,\r\n", "one line per file line, every problem in it");
}
