//! The chunked parallel CSV reader reads exactly the records a plain
//! `csv::Reader` reads from the same bytes, whatever the window size and the
//! number of threads: random files of quotes, doubled quotes, bare quotes,
//! CR, LF, CRLF, line breaks inside quotes, a byte-order mark and empty
//! fields.

use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;
use thidua::data::chunked::CsvChunks;
use thidua::data::records::boundaries;
use thidua::data::value::key_problem;
use thidua::ground::text::nfc;
use thidua::limits::DataLimits;
use thidua::pack::{Dataset, Pack};

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text-columns");
        thidua::pack::load(&dir).expect("the text-columns fixture loads")
    })
}

fn dataset() -> &'static Dataset {
    &pack().datasets["ds"]
}

/// Records of `bytes` as the csv crate reads them.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    csv_records_with(bytes, b',')
}

fn csv_records_with(bytes: &[u8], delim: u8) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(bytes);
    rdr.byte_records().map(|r| r.unwrap().iter().map(|f| String::from_utf8(f.to_vec()).unwrap()).collect()).collect()
}

/// What the reader must give for a file: each data row's spreadsheet row
/// and cells, and the rows that must be refused.
#[derive(Debug, PartialEq)]
struct Outcome {
    rows: Vec<(usize, Vec<String>)>,
    error_rows: Vec<usize>,
}

/// The outcome a plain csv reader implies: the header is the first record;
/// a record of blank cells is skipped; a blank key, or a cell beyond the
/// header, refuses the row.
fn expected(body: &[u8]) -> Outcome {
    let records = csv_records(body);
    let rows = spreadsheet_rows(body);
    let mut out = Outcome { rows: Vec::new(), error_rows: Vec::new() };
    let width = records.first().map_or(0, |h| h.len());
    for (i, rec) in records.iter().enumerate().skip(1) {
        let row = rows[i];
        let cells: Vec<String> = rec.iter().map(|f| nfc(f.trim())).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if cells.first().is_none_or(|k| key_problem(k).is_some()) || cells.iter().skip(width).any(|c| !c.is_empty()) {
            out.error_rows.push(row);
            continue;
        }
        out.rows.push((row, (0..3).map(|k| cells.get(k).cloned().unwrap_or_default()).collect()));
    }
    out
}

/// The spreadsheet row of each record of `body`: the csv reader skips blank
/// lines, a spreadsheet shows each as a row. A record's row is the one
/// after the previous record's, plus the line breaks before its first byte
/// (CRLF, a lone CR or a lone LF ending one line each; the LF of a CRLF
/// whose CR ended the previous record ends no line of its own).
fn spreadsheet_rows(body: &[u8]) -> Vec<usize> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut rec = csv::ByteRecord::new();
    let mut rows = Vec::new();
    let mut row = 0;
    while rdr.read_byte_record(&mut rec).unwrap() {
        let start = rec.position().unwrap().byte() as usize;
        let mut i = start;
        if i > 0 && body[i - 1] == b'\r' && body.get(i) == Some(&b'\n') {
            i += 1;
        }
        while i < body.len() && matches!(body[i], b'\r' | b'\n') {
            i += if body[i] == b'\r' && body.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            row += 1;
        }
        row += 1;
        rows.push(row);
    }
    rows
}

/// What the chunked reader gives, with `threads` threads and windows of
/// `window` bytes.
fn read(bytes: &[u8], threads: usize, window: usize) -> Outcome {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| {
        let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
        let mut chunks = CsvChunks::from_reader(dataset(), Path::new("t.csv"), reader, &DataLimits::default())
            .expect("the header reads")
            .with_window(window);
        let mut rows = Vec::new();
        while let Some(batches) = chunks.next_window() {
            for b in batches {
                for r in 0..b.len() {
                    let cells = (0..3).map(|c| b.text(c, r).unwrap_or_default().to_string()).collect();
                    rows.push((b.lines[r], cells));
                }
            }
        }
        let error_rows = match chunks.finish(true) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().filter_map(|e| e.loc.line).collect(),
        };
        Outcome { rows, error_rows }
    })
}

/// A file body: pieces that exercise every state of a CSV parser.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("a"),
        Just("bc"),
        Just("ệ"),
        Just(" "),
        Just(","),
        Just(",,"),
        Just(";"),
        Just("\t"),
        Just("\""),
        Just("\"\""),
        Just("\"x\""),
        Just("\n"),
        Just("\r"),
        Just("\r\n"),
        Just("5\" inch"),
        Just("\"line\nbreak\""),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|p| p.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn record_boundaries_cut_where_the_csv_reader_does(
        bytes in body(), n in 1usize..12, delim in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
    ) {
        let mut cuts = boundaries(&bytes, n, delim);
        cuts.push(bytes.len());
        let mut pieces = Vec::new();
        let mut start = 0;
        for c in cuts {
            if c > start {
                pieces.extend(csv_records_with(&bytes[start..c], delim));
                start = c;
            }
        }
        prop_assert_eq!(pieces, csv_records_with(&bytes, delim));
    }

    #[test]
    fn chunked_reader_reads_what_the_csv_reader_reads(
        rest in body(), bom in any::<bool>(), crlf in any::<bool>(), window in 1usize..64,
    ) {
        let mut body = if crlf { b"c0,c1,c2\r\n".to_vec() } else { b"c0,c1,c2\n".to_vec() };
        body.extend_from_slice(&rest);
        let mut file = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        file.extend_from_slice(&body);
        let want = expected(&body);
        prop_assume!(want.error_rows.len() < 50); // beyond that errors are counted, not listed
        let first = read(&file, 1, 1 << 20);
        prop_assert_eq!(&first, &want);
        for threads in [2, 3, 8] {
            prop_assert_eq!(&read(&file, threads, window), &want, "threads {}, window {}", threads, window);
        }
    }
}

#[test]
fn a_bare_quote_then_quoted_line_breaks_keeps_every_record() {
    // The case from the field: a literal inch mark in an unquoted cell, then
    // notes that hold line breaks. Counting quotes from the start of the file
    // cut this into invented subjects.
    let mut file = b"c0,c1,c2\n".to_vec();
    for i in 0..200 {
        if i % 7 == 0 {
            file.extend_from_slice(format!("K{i},Tivi 5\" inch,\"ghi chu\n{i}\"\n").as_bytes());
        } else {
            file.extend_from_slice(format!("K{i},\"ghi chu\ndong 2\",x{i}\n").as_bytes());
        }
    }
    let want = expected(&file);
    assert_eq!(want.rows.len(), 200);
    assert!(want.error_rows.is_empty());
    for threads in 1..=8 {
        for window in [7, 64, 1000, 1 << 20] {
            assert_eq!(read(&file, threads, window), want, "threads {threads}, window {window}");
        }
    }
}
