//! Reading a CSV file in windows of whole records, each window cut into
//! chunks that are parsed and typed in parallel into [`Batch`]es, returned in
//! file order. Memory stays bounded by the window, whatever the file size.
//!
//! A window and its chunks end at record boundaries, found by following the
//! csv reader's own state machine ([`super::records`]), so the records are
//! exactly those a plain `csv::Reader` reads from the same bytes, whatever
//! the window size or the number of threads.
//!
//! Long (over 600 lines) on purpose: the windows, the chunks, the row
//! numbering of errors and the settling of number styles share the reader's
//! state and one invariant (rows numbered as in the file); apart, each would
//! have to re-derive it.

use super::batch::Batch;
use super::encoding::{csv_error, detect_encoding, scan_bytes, utf8_head_of_longer, Bounded, Bytes, PastLimit};
use super::err::{DataError, DataErrorKind as K};
use super::number_style::{DateOrder, Evidence, Pin, Reading, Seen};
use super::records::{boundaries, first_record_end};
use super::sink::ErrorSink;
use super::slice_records::{Record, SliceRecords};
use super::table::cell_error;
use super::value::{key_problem, parse_typed, Cell, CellProblem};
use crate::ground::text::nfc;
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::{Dataset, NumberFormat};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes read before a window is cut (more when one record is longer: the
/// window grows until it holds one, up to the line limit). A whole table is
/// read in 4 MiB windows: against 1 MiB, a 20,000-unit scoring sheet read
/// 10 % faster (fewer chunks, each with its own parser and columns). A
/// streaming reader sets smaller ones ([`CsvChunks::set_window`]).
const WINDOW: usize = 1 << 22;
/// A window is cut into about this many chunks per thread, so that uneven
/// chunks still keep every core busy.
const CHUNKS_PER_THREAD: usize = 4;
/// Bytes of a file's head that must be UTF-8 for a first reading to take
/// the file for UTF-8 (a Windows-1258 sheet nearly always shows it there).
const HEAD: usize = 1 << 16;

/// An open CSV file of one dataset, positioned after its header.
pub struct CsvChunks<'d> {
    ds: &'d Dataset,
    path: PathBuf,
    reader: Box<dyn Read + Send>,
    /// Bytes read and not yet handed out; starts at a record boundary.
    buf: Vec<u8>,
    eof: bool,
    /// For each schema column, its position in the file's records.
    index: Vec<usize>,
    /// Cells in the header: a record with more is refused.
    width: usize,
    /// Records seen so far (data rows, blank ones included).
    records: usize,
    limits: DataLimits,
    sink: ErrorSink,
    /// No data row yet that typed cleanly.
    no_rows: bool,
    stopped: bool,
    /// Bytes read before a window is cut (tests set it small).
    window: usize,
    /// The field separator the header was written with.
    delim: u8,
    /// How number columns are read, and what their cells showed.
    reading: Reading,
    /// Whether the byte before `buf` is a CR: an LF starting `buf` then
    /// ends that line (CRLF), and is no blank line of its own.
    after_cr: bool,
    /// Read as UTF-8 on the word of the file's head (see [`CsvChunks::open`]).
    provisional: bool,
    /// A chunk held a byte that is not UTF-8.
    saw_bad_utf8: bool,
    /// Batches of a window already judged, to be filled again
    /// ([`CsvChunks::recycle`]).
    spare: Vec<Batch>,
}

/// What a reading of a file settled for the next one: the number styles its
/// columns turned out to have, and whether the encoding is to be judged on
/// every byte of the file rather than on its head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settled {
    pub pins: Vec<Pin>,
    pub judge_whole: bool,
}

/// Rows a spreadsheet shows for a run of line breaks that holds no record
/// (blank lines, which the csv reader skips): CRLF, a lone CR and a lone LF
/// each end one line; with `after_cr`, an LF at the start ends the line
/// before.
fn blank_rows(span: &[u8], after_cr: bool) -> usize {
    let mut i = usize::from(after_cr && span.first() == Some(&b'\n'));
    let mut rows = 0;
    while i < span.len() {
        i += if span[i] == b'\r' && span.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        rows += 1;
    }
    rows
}

/// The line breaks `bytes` starts with.
fn leading_breaks(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count()
}

/// What one chunk's parse produced; rows are counted from the chunk's start
/// until the reader places them in the file.
struct ParsedChunk {
    batch: Batch,
    /// The chunk held a byte that is not UTF-8.
    bad_utf8: bool,
    /// What the chunk's number cells showed of their columns' styles.
    evidence: Evidence,
    errors: Vec<DataError>,
    dropped: usize,
    records: usize,
}

impl<'d> CsvChunks<'d> {
    /// Opens a data file, checks its size and encoding and reads its header;
    /// number columns are read by the styles `settled` holds.
    ///
    /// A file is judged by all its bytes: a stray byte past the first block
    /// must not make it Windows-1258, nor a Windows-1258 byte past it pass as
    /// UTF-8. Reading every byte first cost a tenth of a 2,000,000-row run,
    /// and nearly every file is UTF-8 throughout; so a first reading whose
    /// head is UTF-8 reads on as UTF-8, and stands only if it met no other
    /// byte (every byte past the head is in a chunk or the header, both
    /// checked, or in a title row above the header, which is skipped and
    /// read for nothing) and no error ([`CsvChunks::finish`]);
    /// otherwise the file is read again, judged on all its bytes
    /// (`settled.judge_whole`). A pipe is read once, and judged by its start.
    pub fn open(
        ds: &'d Dataset,
        path: &Path,
        limits: &DataLimits,
        settled: &Settled,
    ) -> Result<CsvChunks<'d>, Vec<DataError>> {
        let one = |k| vec![DataError::new(Location::file(path), k)];
        let file = std::fs::File::open(path).map_err(|e| one(K::Io(e.to_string())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limits.max_file_bytes {
            return Err(one(K::FileTooLarge { size, max: limits.max_file_bytes }));
        }
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        use crate::limits::TextEncoding;
        use std::io::Seek;
        let undecided = matches!(limits.encoding, TextEncoding::Auto | TextEncoding::Utf8);
        let mut file = file;
        if regular && undecided && !settled.judge_whole {
            if utf8_head_of_longer(&file, HEAD).map_err(|e| one(K::Io(e.to_string())))? {
                file.rewind().map_err(|e| one(K::Io(e.to_string())))?;
                // Any error at the header, and the file is judged whole below.
                if let Ok(mut me) = Self::with_encoding(ds, path, Box::new(file), limits, Some(Bytes::Utf8)) {
                    me.provisional = true;
                    return Ok(me.with_pins(&settled.pins));
                }
                file = std::fs::File::open(path).map_err(|e| one(K::Io(e.to_string())))?;
            }
            file.rewind().map_err(|e| one(K::Io(e.to_string())))?;
        }
        let whole = match regular && undecided {
            true => Some(scan_bytes(std::io::BufReader::new(&file)).map_err(|e| one(K::Io(e.to_string())))?),
            false => None,
        };
        if whole.is_some() {
            file.rewind().map_err(|e| one(K::Io(e.to_string())))?;
        }
        Ok(Self::with_encoding(ds, path, Box::new(file), limits, whole)?.with_pins(&settled.pins))
    }

    /// Reads CSV from any reader (tests, fuzzing: a byte slice).
    pub fn from_reader(
        ds: &'d Dataset,
        path: &Path,
        reader: Box<dyn Read + Send>,
        limits: &DataLimits,
    ) -> Result<CsvChunks<'d>, Vec<DataError>> {
        Self::with_encoding(ds, path, reader, limits, None)
    }

    /// [`CsvChunks::from_reader`], given what the whole file's bytes said.
    fn with_encoding(
        ds: &'d Dataset,
        path: &Path,
        reader: Box<dyn Read + Send>,
        limits: &DataLimits,
        whole: Option<Bytes>,
    ) -> Result<CsvChunks<'d>, Vec<DataError>> {
        let one = |k| vec![DataError::new(Location::file(path), k)];
        let reader = Bounded { inner: reader, left: limits.max_file_bytes };
        let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
        let encoding = detect_encoding(&mut reader, limits.encoding, whole).map_err(one)?;
        // Everything after this point reads UTF-8: other encodings are decoded
        // on the fly, a byte-order mark is dropped.
        let reader: Box<dyn Read + Send> = match encoding {
            None => Box::new(reader),
            Some(enc) => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(enc)).bom_sniffing(true).build(reader),
            ),
        };
        let mut me = CsvChunks {
            ds,
            path: path.to_path_buf(),
            reader,
            buf: Vec::new(),
            eof: false,
            index: Vec::new(),
            width: 0,
            records: 0,
            limits: limits.clone(),
            sink: ErrorSink::new(path),
            no_rows: true,
            stopped: false,
            spare: Vec::new(),
            window: WINDOW,
            delim: b',',
            reading: Reading::new(ds),
            after_cr: false,
            provisional: false,
            saw_bad_utf8: false,
        };
        // A UTF-8 byte-order mark is not part of the first column's name.
        me.fill(3).map_err(|e| vec![e])?;
        if me.buf.starts_with(b"\xEF\xBB\xBF") {
            me.buf.drain(..3);
        }
        // The header: the first record (blank lines before it are skipped,
        // and counted: row numbers are those a spreadsheet shows).
        let header_end = loop {
            let blank = leading_breaks(&me.buf);
            if blank > 0 && (blank < me.buf.len() || me.eof) {
                me.records += blank_rows(&me.buf[..blank], me.after_cr);
                me.after_cr = me.buf[blank - 1] == b'\r';
                me.buf.drain(..blank);
            }
            // The header's separator is not known yet: a comma's cuts here,
            // made again with the separator found (`header_from`).
            if let Some(end) = first_record_end(&me.buf, b',') {
                break end;
            }
            if me.eof {
                break me.buf.len();
            }
            if me.buf.len() > limits.max_line_bytes() {
                return Err(vec![DataError::new(
                    Location::row(path, 1),
                    K::LineTooLong { max: limits.max_line_bytes() },
                )]);
            }
            me.fill(me.buf.len() + (1 << 16)).map_err(|e| vec![e])?;
        };
        let header_end = me.skip_title_rows(header_end).map_err(|e| vec![e])?;
        Self::header_from(me, header_end)
    }

    /// Title rows above the header ("BÁO CÁO KẾT QUẢ …"), as sheets saved as
    /// CSV keep them: when the first record does not name the key column and
    /// one of the next 19 does, the rows before it are dropped and counted,
    /// so that row numbers stay those of the spreadsheet. Returns where the
    /// header ends.
    fn skip_title_rows(&mut self, first_end: usize) -> Result<usize, DataError> {
        if names_key(self.ds, &self.buf[..first_end]) {
            return Ok(first_end);
        }
        let mut ends = vec![first_end];
        while ends.len() < 20 {
            let off = ends[ends.len() - 1];
            match first_record_end(&self.buf[off..], b',') {
                Some(e) => ends.push(off + e),
                None if self.eof || self.buf.len() - off > self.limits.max_line_bytes() => break,
                None => self.fill(self.buf.len() + (1 << 16))?,
            }
        }
        let Some(k) = (1..ends.len()).find(|&k| names_key(self.ds, &self.buf[ends[k - 1]..ends[k]])) else {
            return Ok(first_end);
        };
        // Each title row and each blank line is a row of the spreadsheet.
        let mut start = 0;
        for &end in &ends[..k] {
            let piece = &self.buf[start..end];
            let blank = leading_breaks(piece);
            let after_cr = if start == 0 { self.after_cr } else { self.buf[start - 1] == b'\r' };
            if blank == piece.len() {
                self.records += blank_rows(piece, after_cr);
            } else {
                self.records += blank_rows(&piece[..blank], after_cr) + 1;
            }
            start = end;
        }
        let cut = ends[k - 1];
        self.after_cr = self.buf[cut - 1] == b'\r';
        self.buf.drain(..cut);
        Ok(ends[k] - cut)
    }

    fn header_from(mut me: CsvChunks<'d>, header_end: usize) -> Result<CsvChunks<'d>, Vec<DataError>> {
        let path = me.path.clone();
        let one = |k| vec![DataError::new(Location::file(&path), k)];
        // The separator: a comma, or what Excel writes elsewhere — a
        // semicolon (European locales), a tab ("Unicode Text"). The one whose
        // header names the most columns wins; a comma when none does.
        let ds = me.ds;
        let mut best: Option<(usize, u8, csv::StringRecord)> = None;
        for delim in [b',', b';', b'\t'] {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delim)
                .from_reader(&me.buf[..header_end]);
            let mut header = csv::StringRecord::new();
            match rdr.read_record(&mut header) {
                Ok(true) => {}
                Ok(false) => return Err(one(K::Empty)),
                Err(e) => return Err(vec![csv_error(&e, &path, 1)]),
            }
            let named = header.iter().filter(|h| ds.column_for_header(&nfc(h.trim())).is_some()).count();
            if best.as_ref().is_none_or(|(n, ..)| named > *n) {
                best = Some((named, delim, header));
            }
        }
        let (_, delim, header) = best.expect("three separators tried");
        me.delim = delim;
        // Where the header ends under its own separator (a quote after a `;`
        // opens a field in a `;` file only).
        let header_end =
            if delim == b',' { header_end } else { first_record_end(&me.buf, delim).unwrap_or(header_end) };
        // Blank lines before the header under its own separator.
        let blank = leading_breaks(&me.buf[..header_end]);
        me.records += blank_rows(&me.buf[..blank], me.after_cr);
        if header_end > 0 {
            me.after_cr = me.buf[header_end - 1] == b'\r';
        }
        me.buf.drain(..header_end);
        let mut sink = ErrorSink::new(&path);
        // Map schema columns to file positions.
        let header: Vec<String> = header.iter().map(|h| nfc(h.trim())).collect();
        let header_line = me.records + 1;
        let (index, any) = super::header::map(ds, &header, |h| Location::cell(&path, header_line, h), &mut sink);
        if !any {
            // Not one column matched: the file is not this table, or not text.
            return Err(one(K::NoKnownColumns {
                found: header.iter().take(5).cloned().collect(),
                expected: super::header::expected(ds),
            }));
        }
        if !sink.errors.is_empty() {
            return Err(sink.finish());
        }
        me.index = index;
        me.width = header.len();
        Ok(me)
    }

    /// Reads number columns by the styles a first reading settled
    /// ([`CsvChunks::finish`]).
    pub fn with_pins(mut self, pins: &[Pin]) -> Self {
        self.reading = Reading::pinned(self.ds, pins);
        self
    }

    /// Sets the bytes read per window: small windows let tests cut files in
    /// every place. A record longer than the window still makes a window of
    /// its own, up to the line limit.
    pub fn with_window(mut self, bytes: usize) -> Self {
        self.window = bytes.max(1);
        self
    }

    /// [`CsvChunks::with_window`] on a reader already open.
    pub fn set_window(&mut self, bytes: usize) {
        self.window = bytes.max(1);
    }

    /// Reads until the buffer holds `want` bytes or the file ends.
    fn fill(&mut self, want: usize) -> Result<(), DataError> {
        if self.eof || self.buf.len() >= want {
            return Ok(());
        }
        let missing = (want - self.buf.len()) as u64;
        // One allocation per window, not a doubling series of copies.
        self.buf.reserve(want - self.buf.len());
        match (&mut self.reader).take(missing).read_to_end(&mut self.buf) {
            Ok(n) => {
                self.eof = (n as u64) < missing;
                Ok(())
            }
            Err(e) if e.get_ref().is_some_and(|x| x.is::<PastLimit>()) => {
                Err(DataError::new(Location::file(&self.path), K::ReadPastLimit { max: self.limits.max_file_bytes }))
            }
            Err(e) => Err(DataError::new(
                Location::row(&self.path, self.records + 2),
                match e.kind() {
                    std::io::ErrorKind::InvalidData => K::NotUtf8,
                    _ => K::Io(e.to_string()),
                },
            )),
        }
    }

    /// The next window of typed rows, as batches in file order; `None` at the
    /// end of the file or after an error that stops reading. Rows with errors
    /// are left out; the errors are returned by [`CsvChunks::finish`].
    pub fn next_window(&mut self) -> Option<Vec<Batch>> {
        if self.stopped {
            return None;
        }
        let max_line = self.limits.max_line_bytes();
        let threads = rayon::current_num_threads().max(1);
        // Read a window; cut it at the last record boundary. A window that
        // holds no whole record grows until it does, or the record is longer
        // than a line may be.
        let mut want = self.window;
        let mut cuts = loop {
            if let Err(e) = self.fill(want) {
                self.sink.push(e);
                self.stopped = true;
                return None;
            }
            if self.buf.is_empty() {
                return None;
            }
            let cuts = boundaries(&self.buf, threads * CHUNKS_PER_THREAD, self.delim);
            if self.eof || !cuts.is_empty() || self.buf.len() > max_line {
                break cuts;
            }
            want = self.buf.len().saturating_mul(2);
        };
        let bytes = if self.eof {
            if cuts.last() != Some(&self.buf.len()) {
                cuts.push(self.buf.len()); // the last record may lack a line break
            }
            std::mem::take(&mut self.buf)
        } else {
            match cuts.last().copied() {
                Some(end) if self.buf.len() - end <= max_line => {
                    let rest = self.buf.split_off(end);
                    std::mem::replace(&mut self.buf, rest)
                }
                _ => {
                    // A record longer than a line may be: refuse it rather
                    // than hold an unbounded amount of it.
                    self.sink.push(DataError::new(
                        Location::row(&self.path, self.records + 2 + count_records(&self.buf, cuts.last())),
                        K::LineTooLong { max: max_line },
                    ));
                    self.stopped = true;
                    return None;
                }
            }
        };
        let mut ranges = Vec::with_capacity(cuts.len());
        let mut start = 0;
        for c in cuts {
            if c > start {
                ranges.push((start, c));
                start = c;
            }
        }
        let ds = self.ds;
        let layout = Layout {
            index: &self.index,
            width: self.width,
            path: &self.path,
            limits: &self.limits,
            delim: self.delim,
            styles: self.reading.styles(),
        };
        let after_cr = self.after_cr;
        let spare: Vec<Option<Batch>> = (0..ranges.len()).map(|_| self.spare.pop()).collect();
        let parsed: Vec<ParsedChunk> = ranges
            .par_iter()
            .zip(spare)
            .map(|(&(a, b), spare)| {
                let after_cr = if a == 0 { after_cr } else { bytes[a - 1] == b'\r' };
                parse_chunk(ds, &layout, &bytes[a..b], after_cr, spare)
            })
            .collect();
        self.after_cr = bytes.last() == Some(&b'\r');
        // The window's buffer becomes the next one's, holding what is left
        // over: the next read lands in memory already touched (a new buffer
        // each window was a page fault per 4 KiB of the file).
        let mut bytes = bytes;
        bytes.clear();
        bytes.extend_from_slice(&self.buf);
        self.buf = bytes;
        // Place the rows in the file: spreadsheet row = records before + 2.
        let mut out = Vec::with_capacity(parsed.len());
        for mut p in parsed {
            self.saw_bad_utf8 |= p.bad_utf8;
            let offset = self.records + 2;
            let max_rows = self.limits.max_rows;
            for e in &mut p.errors {
                e.loc.line = e.loc.line.map(|l| l + offset);
            }
            for l in &mut p.batch.lines {
                *l += offset;
            }
            p.evidence.shift_rows(offset);
            self.reading.evidence.merge(std::mem::take(&mut p.evidence));
            let over = self.records + p.records > max_rows;
            for e in p.errors {
                if !over || e.loc.line.is_some_and(|l| l < max_rows + 2) {
                    self.sink.push(e);
                }
            }
            self.sink.add_dropped(p.dropped);
            if over {
                let keep = p.batch.lines.iter().take_while(|&&l| l < max_rows + 2).count();
                truncate(&mut p.batch, keep);
                self.sink
                    .push(DataError::new(Location::row(&self.path, max_rows + 2), K::TooManyRows { max: max_rows }));
                self.stopped = true;
            }
            self.records += p.records;
            if !p.batch.is_empty() {
                self.no_rows = false;
                out.push(p.batch);
            }
            if self.stopped {
                break;
            }
        }
        Some(out)
    }

    /// Takes back the batches of a window its reader is done with: the next
    /// windows are typed into them. Their memory is then already touched
    /// and owned by the threads that type, where new batches each window
    /// were a quarter of the page faults of a run of 100,000 rows.
    pub fn recycle(&mut self, batches: Vec<Batch>) {
        self.spare.extend(batches);
    }

    /// What the file's cells showed that the reader should know, not
    /// fatal: date columns whose order no cell tells.
    pub fn warnings(&self) -> Vec<DataError> {
        self.reading.evidence.date_warnings(self.ds)
    }

    /// Whether any error was found so far.
    pub fn has_errors(&self) -> bool {
        !self.sink.errors.is_empty()
    }

    /// Adds errors found outside the reader (duplicate keys) in file order.
    pub fn add_errors(&mut self, errors: Vec<DataError>, dropped: usize) {
        for e in errors {
            self.sink.push(e);
        }
        self.sink.add_dropped(dropped);
    }

    /// The errors of the whole file, in file order, or `Ok` when it had none.
    /// `Ok` with what to read it again by when this reading cannot stand:
    /// number columns whose ambiguous cells were read the other way first
    /// (their styles fixed), or a reading that took the file for UTF-8 on
    /// the word of its head and met another byte or an error (judged whole
    /// next time; the errors are those of that reading). `rereadable: false`
    /// (a pipe) turns pins into errors.
    pub fn finish(mut self, rereadable: bool) -> Result<Option<Settled>, Vec<DataError>> {
        if self.provisional && rereadable && (self.saw_bad_utf8 || self.stopped || self.has_errors()) {
            return Ok(Some(Settled { pins: Vec::new(), judge_whole: true }));
        }
        let path = self.path.clone();
        let no_rows = self.no_rows;
        // A file stopped early showed too little to settle anything.
        let (style_errors, mut pins) =
            if self.stopped || self.has_errors() { Default::default() } else { self.reading.settle(self.ds) };
        for e in style_errors {
            self.sink.push(e);
        }
        if !rereadable && !pins.is_empty() {
            for e in self.reading.too_late(&pins) {
                self.sink.push(e);
            }
            pins.clear();
        }
        let mut errors = self.sink.finish();
        if errors.is_empty() && no_rows {
            return Err(vec![DataError::new(Location::file(&path), K::NoRows)]);
        }
        if errors.is_empty() {
            return Ok((!pins.is_empty()).then_some(Settled { pins, judge_whole: true }));
        }
        // Errors of different kinds were found in different passes.
        errors.sort_by_key(|e| (e.loc.line.is_none(), e.loc.line));
        Err(errors)
    }
}

/// Whether a record (under any of the separators a file may use) has a
/// cell naming `ds`'s key column: the header, not a title above it.
fn names_key(ds: &Dataset, record: &[u8]) -> bool {
    let key = ds.column_index(&ds.key);
    [b',', b';', b'\t'].into_iter().any(|delim| {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(record);
        let mut rec = csv::StringRecord::new();
        matches!(rdr.read_record(&mut rec), Ok(true)) && rec.iter().any(|h| ds.column_for_header(&nfc(h.trim())) == key)
    })
}

/// Records in `buf` before `upto`, for the row number of a too-long line.
fn count_records(buf: &[u8], upto: Option<&usize>) -> usize {
    let end = upto.copied().unwrap_or(0).min(buf.len());
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&buf[..end]);
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        n += 1;
    }
    n
}

/// The text of a field already known to be UTF-8: either its whole chunk
/// passed the check, or the field itself did (`parse_chunk`). Unchecked:
/// checking every field again costs the reader measurably.
#[allow(unsafe_code)]
fn field_text(f: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(f).is_ok());
    // SAFETY: `parse_chunk` calls this only on fields of a chunk that is valid
    // UTF-8 as a whole, or of a record whose every field it has checked. The
    // csv parser cuts a chunk only at ASCII bytes (the separator `,` `;` or tab, `"`, CR, LF) and removes
    // only ASCII quote bytes; ASCII bytes never occur inside a multi-byte
    // UTF-8 sequence, so every field of a valid chunk is valid UTF-8 too.
    unsafe { std::str::from_utf8_unchecked(f) }
}

/// Keeps the first `n` rows of a batch.
fn truncate(b: &mut Batch, n: usize) {
    if n < b.len() {
        let keep: Vec<usize> = (0..n).collect();
        *b = b.select(&keep);
    }
}

/// Where a file's columns are and what bounds its cells.
struct Layout<'a> {
    index: &'a [usize],
    width: usize,
    path: &'a Path,
    limits: &'a DataLimits,
    delim: u8,
    /// The style each column's ambiguous numbers are read by.
    styles: &'a [NumberFormat],
}

/// A field longer than the limit, named by its column (or its place past
/// the header), or `None` when every field of a long record fits.
fn long_field(rec: &Record, index: &[usize], ds: &Dataset, max: usize, path: &Path, row: usize) -> Option<DataError> {
    let (i, _) = rec.iter().enumerate().find(|(_, c)| c.len() > max)?;
    let field = index
        .iter()
        .position(|p| *p == i)
        .and_then(|k| ds.columns.get_index(k).map(|(n, _)| n.clone()))
        .unwrap_or_else(|| format!("#{}", i + 1));
    Some(DataError::new(Location::cell(path, row, field), K::FieldTooLong { max }))
}

/// Parses and types one chunk of whole records. Rows are numbered from 0,
/// blank lines included (the csv reader skips them; a spreadsheet shows
/// them). `after_cr`: the byte before the chunk is a CR.
fn parse_chunk(ds: &Dataset, layout: &Layout, bytes: &[u8], after_cr: bool, spare: Option<Batch>) -> ParsedChunk {
    let Layout { index, width, path, limits, delim, styles } = *layout;
    let key = ds.column_index(&ds.key);
    let mut rdr = SliceRecords::new(delim, bytes);
    // One UTF-8 check for the whole chunk (fast over long runs of ASCII);
    // only a chunk that fails it is checked field by field, to name the row.
    let chunk_is_utf8 = simdutf8::basic::from_utf8(bytes).is_ok();
    let mut rec = Record::new();
    // Records end at line breaks: their count bounds the rows (quoted breaks
    // only make it larger).
    let most_rows = memchr::memchr_iter(b'\n', bytes).count() + 1;
    let mut batch = match spare {
        Some(mut b) => {
            b.clear(most_rows);
            b
        }
        None => Batch::with_capacity(ds, most_rows),
    };
    // Room for text at twice a column's share of the chunk: most text
    // columns never move.
    batch.reserve_text(2 * bytes.len() / width.max(1));
    let mut sink = ErrorSink::new(path);
    let columns: Vec<(&String, &crate::pack::Column, NumberFormat)> =
        ds.columns.iter().zip(styles).map(|((n, c), f)| (n, c, *f)).collect();
    let mut evidence = Evidence::new(columns.len());
    let mut n = 0usize;
    // Blank lines before a record (or at the chunk's end) are rows too.
    let blank_before = |at: usize| {
        let span = &bytes[at..at + leading_breaks(&bytes[at..])];
        blank_rows(span, if at == 0 { after_cr } else { bytes[at - 1] == b'\r' })
    };
    loop {
        // Reading bytes in memory cannot fail: every byte is some record's.
        let at = rdr.position();
        if !rdr.read(&mut rec) {
            n += blank_before(at.min(bytes.len()));
            break;
        }
        n += blank_before(at);
        let row = n;
        n += 1;
        if !chunk_is_utf8 && !rec.iter().all(|f| std::str::from_utf8(f).is_ok()) {
            sink.push(DataError::new(Location::row(path, row), K::NotUtf8));
            continue;
        }
        // Every field of `rec` is UTF-8 from here on (see `field_text`).
        // No field is longer than its whole record: most records need no look.
        if rec.as_slice().len() > limits.max_field_bytes {
            if let Some(e) = long_field(&rec, index, ds, limits.max_field_bytes, path, row) {
                sink.push(e);
                continue;
            }
        }
        if rec.iter().all(|f| field_text(f).trim().is_empty()) {
            continue; // blank lines at the end of exported sheets
        }
        if rec.len() > width {
            // Cells past the header would be dropped without a word; empty
            // ones (a trailing comma) lose nothing.
            if let Some(last) =
                (width..rec.len()).rev().find(|&i| !rec.get(i).map(field_text).unwrap_or("").trim().is_empty())
            {
                sink.push(DataError::new(Location::row(path, row), K::ExtraCells { header: width, found: last + 1 }));
                continue;
            }
        }
        let mut ok = true;
        for (k, &(name, col, fmt)) in columns.iter().enumerate() {
            let text = rec.get(index[k]).map(field_text).unwrap_or("");
            match parse_typed(col, fmt, text) {
                Ok((c, class)) => {
                    evidence.note(k, class, || Seen {
                        at: Location::cell(path, row, name.as_str()),
                        text: text.trim().to_string(),
                    });
                    if matches!(c, Cell::Date(_)) {
                        evidence.note_date(k, DateOrder::of(text), || Seen {
                            at: Location::cell(path, row, name.as_str()),
                            text: text.trim().to_string(),
                        });
                    }
                    let bad_key = match &c {
                        Cell::Text(t) if Some(k) == key => key_problem(t),
                        _ => None,
                    };
                    if let Some(problem) = bad_key {
                        ok = false;
                        sink.push(DataError::new(Location::cell(path, row, name.as_str()), K::BadKey(problem)));
                    } else if ok {
                        batch.push_cell(k, &c);
                    }
                }
                Err(p) => {
                    ok = false;
                    let at = Location::cell(path, row, name.as_str());
                    sink.push(match p {
                        CellProblem::Empty if Some(k) == key => {
                            DataError::new(at, K::BadKey(super::value::KeyProblem::Empty))
                        }
                        p => cell_error(p, col, fmt, text, at),
                    });
                }
            }
        }
        if ok {
            batch.end_row(row);
        } else {
            batch.drop_row();
        }
    }
    let (errors, dropped) = sink.into_parts();
    ParsedChunk { batch, bad_utf8: !chunk_is_utf8, evidence, errors, dropped, records: n }
}
