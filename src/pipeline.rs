//! `check` for awards judged row by row (no quota, roll-up or history):
//! data files are read a window at a time, each window's batches judged and
//! rendered in parallel, and the pieces written in file order. Memory stays
//! bounded whatever the number of rows.
//!
//! Output is in key order, like every report. Data files are usually sorted
//! by key already: then file order is key order, and checking that as we go
//! also finds duplicate keys (they are neighbours). A file out of order is
//! read a second time, keeping each row's piece to sort at the end.

use crate::compile::CompiledPack;
use crate::data::batch::Batch;
use crate::data::chunked::{CsvChunks, Settled};
use crate::data::{DataError, DataErrorKind, Key, Value};
use crate::eval::batch::{BatchEvaluator, BatchVerdicts};
use crate::eval::Verdict;
use crate::eval::{key_order, AwardResult, EvalError};
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::Pack;
use crate::report::check::{write_csv_rows_shown, SubjectTable};
use chrono::NaiveDate;
use indexmap::IndexMap;
use rayon::prelude::*;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What each row becomes.
pub enum Render<'a> {
    /// CSV, one record per subject and award (`ly_do` with the reasons).
    /// One row per result; `shown`: the values shown as the last columns.
    Long { explain: bool, shown: &'a [String] },
    /// CSV, one record per subject (`--by-subject`).
    BySubject(&'a SubjectTable),
    /// The results themselves, for the other formats.
    Results { record_inputs: bool },
    /// The elements of a JSON document's `results`, each written as
    /// `,\n` and the element indented to its place (see
    /// [`crate::report::check::json_element`]); counted in [`Judged`].
    Json,
}

pub struct Job<'a> {
    pub cp: &'a CompiledPack,
    /// Data file per dataset id.
    pub files: &'a IndexMap<String, PathBuf>,
    /// Awards to evaluate (closed over `requires`), indices into `pack.awards`.
    pub needed: Vec<usize>,
    /// Awards to report, in pack order.
    pub reported: Vec<usize>,
    pub subjects: Option<Vec<Key>>,
    pub as_of: NaiveDate,
    pub lang: Lang,
    pub limits: &'a DataLimits,
}

#[derive(Debug)]
pub enum Failure {
    Data(Vec<DataError>),
    Eval(Vec<EvalError>),
    Write(std::io::Error),
}

/// The rendered rows of one batch: bytes, where each row's piece ends, and
/// the results (for [`Render::Results`]).
#[derive(Default)]
struct Piece {
    /// With `--subject`: the keys of the rows asked for that the batch holds.
    matched: Vec<Key>,
    /// Results rendered, and how many of them met the standard (JSON).
    checks: usize,
    eligible: usize,
    bytes: Vec<u8>,
    ends: Vec<usize>,
    results: Vec<Vec<AwardResult>>,
    errors: Vec<EvalError>,
    /// Keys strictly increase inside the batch.
    in_order: bool,
}

/// Collected rows of a file read out of order: the key to sort by, and
/// where the row's rendered bytes wait in the spill file.
struct Loose {
    key: Value,
    line: usize,
    offset: u64,
    len: usize,
    /// Only [`Render::Results`] keeps results: boxed, an empty one costs a
    /// word per row, not three (a national file holds tens of millions): 56
    /// bytes a row, not 72.
    #[allow(clippy::box_collection)] // a thin pointer on purpose: see above
    results: Option<Box<Vec<AwardResult>>>,
}

/// Rendered rows of a file read out of order, kept on disk until they are
/// sorted: memory then holds a key and an offset per row, not the rows.
/// The file has no name (removed by the system when closed).
struct Spill {
    file: Option<std::io::BufWriter<std::fs::File>>,
    len: u64,
}

impl Spill {
    fn new() -> Spill {
        Spill { file: None, len: 0 }
    }
    /// Appends bytes; returns where they start.
    fn push(&mut self, bytes: &[u8]) -> std::io::Result<u64> {
        let start = self.len;
        if bytes.is_empty() {
            return Ok(start);
        }
        if self.file.is_none() {
            self.file = Some(std::io::BufWriter::with_capacity(1 << 20, tempfile::tempfile()?));
        }
        self.file.as_mut().expect("opened above").write_all(bytes)?;
        self.len += bytes.len() as u64;
        Ok(start)
    }
    /// Writes the pieces at `(offset, len)`, in the order given, to `out`.
    fn copy_out<W: Write + ?Sized>(
        self,
        pieces: impl Iterator<Item = (u64, usize)>,
        out: &mut W,
    ) -> std::io::Result<()> {
        let Some(w) = self.file else { return Ok(()) };
        let file = w.into_inner().map_err(|e| e.into_error())?;
        let map = map_spill(&file)?;
        // Neighbouring pieces go out in one write.
        let (mut from, mut to) = (0usize, 0usize);
        for (offset, len) in pieces {
            let start = usize::try_from(offset).map_err(std::io::Error::other)?;
            if start != to {
                out.write_all(&map[from..to])?;
                from = start;
            }
            to = start + len;
        }
        out.write_all(&map[from..to])
    }
}

/// The spill file, mapped for reading.
#[allow(unsafe_code)]
fn map_spill(file: &std::fs::File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: the file is this process's own unnamed temporary file (no
    // other process can open it), written through and no longer changed.
    unsafe { memmap2::Mmap::map(file) }
}

/// Where rendered rows go: memory or a file, either of which can be cut back
/// when a file turns out not to be in key order.
pub trait Sink: Write {
    fn position(&mut self) -> std::io::Result<u64>;
    fn cut_to(&mut self, pos: u64) -> std::io::Result<()>;
}

impl Sink for Vec<u8> {
    fn position(&mut self) -> std::io::Result<u64> {
        Ok(self.len() as u64)
    }
    fn cut_to(&mut self, pos: u64) -> std::io::Result<()> {
        self.truncate(pos as usize);
        Ok(())
    }
}

impl Sink for std::io::BufWriter<&mut std::fs::File> {
    fn position(&mut self) -> std::io::Result<u64> {
        use std::io::Seek;
        self.flush()?;
        self.get_mut().stream_position()
    }
    fn cut_to(&mut self, pos: u64) -> std::io::Result<()> {
        use std::io::Seek;
        self.flush()?;
        self.get_mut().set_len(pos)?;
        self.get_mut().seek(std::io::SeekFrom::Start(pos))?;
        Ok(())
    }
}

/// Bytes of CSV read per window while streaming. Two windows are in flight
/// (one judged, the next read), and what one leaves is reused by the next:
/// against 4 MiB, 100,000 rows by subject took 45 ms, not 51, and touched
/// 4,061 pages, not 7,874; 2,000,000 rows peaked at 41 MiB, not 75 MiB.
/// Against 1 MiB, 512 KiB judged 100,000 rows in 30.9 ms, not 32.8 (the
/// last window, judged alone, is shorter; fewer fresh pages); 256 KiB made
/// 2,000,000 rows slower. A long file goes on in [`LONG_WINDOW`]s.
const CSV_WINDOW: usize = 1 << 19;

/// After this many windows a file is a long one, and is read in windows of
/// [`LONG_WINDOW`] bytes: half as many points where both threads wait for
/// each other. 2,000,000 rows by subject: as fast on a quiet machine (349.5
/// and 350.3 ms, 20 alternating runs), faster on a busy one (430 -> 410 ms,
/// 16 runs), processor time 1-5 % lower, peak 22.6 -> 29.4 MiB. A file of
/// 100,000 rows (12 windows) is read as before: 1 MiB windows throughout
/// made it slower (31.1 ms, not 30.2).
const SHORT_WINDOWS: usize = 16;
const LONG_WINDOW: usize = 1 << 20;

/// Bytes of CSV read per window when rendering JSON.
const JSON_WINDOW: usize = 1 << 18;

/// At most this many evaluation errors are kept (the run fails anyway).
const MAX_EVAL_ERRORS: usize = 50;

/// What a run judged: the results (for [`Render::Results`]), in dataset and
/// key order, and what the readers of the data noticed (not fatal).
#[derive(Default)]
pub struct Judged {
    pub results: Vec<AwardResult>,
    pub warnings: Vec<DataError>,
    /// With `--subject`: the keys asked for that some file holds.
    pub matched: Vec<Key>,
    /// Results rendered and how many met the standard ([`Render::Json`]).
    pub checks: usize,
    pub eligible: usize,
}

/// Judges every needed dataset's file; writes CSV to `out` or returns the
/// results (for [`Render::Results`]).
pub fn run(job: &Job, render: &Render, out: &mut (dyn Sink + Send)) -> Result<Judged, Failure> {
    let pack = &job.cp.pack;
    let mut judged = Judged::default();
    for (ds_id, _) in pack.datasets.iter() {
        let Some(path) = job.files.get(ds_id) else { continue };
        let ev = BatchEvaluator::new(job.cp, ds_id, &job.needed, job.as_of);
        if ev.awards().next().is_none() {
            continue;
        }
        // A pipe can be read once only: its rows are sorted at the end.
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        let start = out.position().map_err(Failure::Write)?;
        let (mut streaming, mut settled, mut rereadable) = (regular, Settled::default(), regular);
        loop {
            let file = File { ds_id, path, streaming, rereadable, settled: &settled };
            match run_file(job, &ev, &file, render, out, &mut judged)? {
                Ran::Done => break,
                // Read again, sorting at the end.
                Ran::OutOfOrder => streaming = false,
                // Read again, judged on all its bytes, or numbers by their
                // columns' settled styles (that reading is the last).
                Ran::ReadAgain(s) => {
                    rereadable = rereadable && s.pins.is_empty();
                    settled = s;
                }
            }
            out.cut_to(start).map_err(Failure::Write)?;
        }
    }
    Ok(judged)
}

/// One dataset's file and how it is read.
struct File<'a> {
    ds_id: &'a str,
    path: &'a Path,
    /// Rows are written as they come; the file must be in key order.
    streaming: bool,
    /// The file can be read again (not a pipe, not read for number styles yet).
    rereadable: bool,
    /// What an earlier reading settled.
    settled: &'a Settled,
}

/// How reading a file ended, when without an error.
enum Ran {
    Done,
    /// A row out of key order while streaming; what was written is cut.
    OutOfOrder,
    /// The reading cannot stand (see [`CsvChunks::finish`]); what was
    /// written is cut.
    ReadAgain(Settled),
}

/// Reads one file. With `streaming`, rows are written as they come and the
/// file must be in key order (the first row out of order ends it); without,
/// rows are sorted at the end.
fn run_file(
    job: &Job,
    ev: &BatchEvaluator,
    file: &File,
    render: &Render,
    out: &mut (dyn Sink + Send),
    judged: &mut Judged,
) -> Result<Ran, Failure> {
    let &File { ds_id, path, streaming, rereadable, settled } = file;
    let pack = &job.cp.pack;
    let ds = &pack.datasets[ds_id];
    let key_col = ds.column_index(&ds.key).unwrap_or(0);
    let mut reader = open(ds, path, job.limits, settled)?;
    // A JSON result is some forty times the row it reports: smaller windows
    // keep what waits to be written near a CSV window's size.
    if let Source::Csv(c) = &mut reader {
        c.set_window(if matches!(render, Render::Json) { JSON_WINDOW } else { CSV_WINDOW });
    }
    let mut eval_errors: Vec<EvalError> = Vec::new();
    let mut dups: Vec<DataError> = Vec::new();
    // Streaming: the last key seen and the row where its run began.
    let mut last: Option<(Value, usize)> = None;
    let mut loose: Vec<Loose> = Vec::new();
    let mut spill = Spill::new();
    let mut pending_results: Vec<AwardResult> = Vec::new();
    let (mut checks, mut eligible) = (0, 0);
    let mut matched: Vec<Key> = Vec::new();
    // Streaming overlaps the single-threaded parts with the parallel ones:
    // while a window is judged, the rows judged before it are written and
    // the next window is read.
    let mut to_write: Vec<Vec<u8>> = Vec::new();
    // Results written, whose memory the next windows' results reuse: it is
    // then already touched (new memory each window was a fault per 4 KiB).
    let mut spare_out: Vec<Vec<u8>> = Vec::new();
    let mut window = reader.next_window();
    let mut windows = 1;
    while let Some(batches) = window {
        let judge = !reader.has_errors() && eval_errors.len() < MAX_EVAL_ERRORS;
        let ready = std::mem::take(&mut to_write);
        let spare: Vec<Vec<u8>> = (0..batches.len()).map(|_| spare_out.pop().unwrap_or_default()).collect();
        let (pieces, (next, written)) = rayon::join(
            || {
                batches
                    .par_iter()
                    .zip(spare)
                    .map(|(b, spare)| {
                        if judge {
                            piece(job, ev, ds_id, b, path, render, key_col, !streaming, spare)
                        } else {
                            Piece::default()
                        }
                    })
                    .collect::<Vec<Piece>>()
            },
            || {
                let written = ready.iter().try_for_each(|bytes| out.write_all(bytes)).map(|()| ready);
                (reader.next_window(), written)
            },
        );
        spare_out.extend(written.map_err(Failure::Write)?);
        window = next;
        windows += 1;
        if windows == SHORT_WINDOWS && !matches!(render, Render::Json) {
            if let Source::Csv(c) = &mut reader {
                c.set_window(LONG_WINDOW);
            }
        }
        for (b, p) in batches.iter().zip(pieces) {
            checks += p.checks;
            eligible += p.eligible;
            matched.extend(p.matched);
            eval_errors.extend(p.errors.into_iter().take(MAX_EVAL_ERRORS.saturating_sub(eval_errors.len())));
            if !judge || b.is_empty() {
                continue;
            }
            if streaming {
                if follow_order(b, p.in_order, key_col, &mut last, &mut dups, path, ds).is_err() {
                    return Ok(Ran::OutOfOrder);
                }
                if dups.is_empty() && eval_errors.is_empty() && !reader.has_errors() {
                    to_write.push(p.bytes);
                    pending_results.extend(p.results.into_iter().flatten());
                }
            } else {
                let base = spill.push(&p.bytes).map_err(Failure::Write)?;
                spare_out.push(p.bytes);
                let mut start = 0;
                for (r, (end, res)) in
                    p.ends.iter().zip(p.results.into_iter().chain(std::iter::repeat_with(Vec::new))).enumerate()
                {
                    loose.push(Loose {
                        key: b.value(key_col, r),
                        line: b.lines[r],
                        offset: base + start as u64,
                        len: end - start,
                        results: (!res.is_empty()).then(|| Box::new(res)),
                    });
                    start = *end;
                }
            }
        }
        reader.recycle(batches);
    }
    if !streaming {
        sort_and_find_duplicates(&mut loose, path, ds, &mut dups);
    }
    let dropped = dups.len().saturating_sub(crate::data::sink::MAX_ERRORS);
    dups.truncate(crate::data::sink::MAX_ERRORS);
    reader.add_errors(dups, dropped);
    let noticed = reader.warnings();
    if let Some(again) = reader.finish(rereadable).map_err(Failure::Data)? {
        return Ok(Ran::ReadAgain(again));
    }
    if !eval_errors.is_empty() {
        return Err(Failure::Eval(eval_errors));
    }
    for bytes in &to_write {
        out.write_all(bytes).map_err(Failure::Write)?;
    }
    if !streaming {
        let pieces: Vec<(u64, usize)> = loose.iter().map(|l| (l.offset, l.len)).collect();
        spill.copy_out(pieces.into_iter(), out).map_err(Failure::Write)?;
        pending_results.extend(loose.into_iter().filter_map(|l| l.results).flat_map(|r| *r));
    }
    judged.results.extend(pending_results);
    judged.warnings.extend(noticed);
    judged.matched.extend(matched);
    judged.checks += checks;
    judged.eligible += eligible;
    Ok(Ran::Done)
}

/// Follows a streamed file's key order through one batch, at its boundary
/// and, when the batch is not strictly increasing, row by row: a repeated
/// key is a duplicate naming the first row; a key out of order is `Err`.
fn follow_order(
    b: &Batch,
    in_order: bool,
    key_col: usize,
    last: &mut Option<(Value, usize)>,
    dups: &mut Vec<DataError>,
    path: &Path,
    ds: &crate::pack::Dataset,
) -> Result<(), ()> {
    let rows: Box<dyn Iterator<Item = usize>> =
        if in_order { Box::new(std::iter::once(0)) } else { Box::new(0..b.len()) };
    for r in rows {
        let key = b.value(key_col, r);
        if let Some((prev, first)) = &*last {
            match key_order(prev, &key) {
                Ordering::Less => {}
                Ordering::Equal => dups.push(duplicate(path, ds, b.lines[r], &key, *first)),
                Ordering::Greater => return Err(()),
            }
        }
        let first = match &*last {
            Some((prev, first)) if *prev == key => *first,
            _ => b.lines[r],
        };
        *last = Some((key, first));
    }
    if in_order {
        let key = b.value(key_col, b.len() - 1);
        *last = Some((key, b.lines[b.len() - 1]));
    }
    Ok(())
}

/// Rows read out of order, put in key order (row order within a key), and
/// every second row of a key refused naming the first.
fn sort_and_find_duplicates(loose: &mut [Loose], path: &Path, ds: &crate::pack::Dataset, dups: &mut Vec<DataError>) {
    loose.par_sort_by(|a, b| key_order(&a.key, &b.key).then(a.line.cmp(&b.line)));
    let mut first = 0;
    for i in 0..loose.len() {
        if i > 0 && loose[i].key == loose[i - 1].key {
            dups.push(duplicate(path, ds, loose[i].line, &loose[i].key, loose[first].line));
        } else {
            first = i;
        }
    }
    dups.sort_by_key(|e| e.loc.line);
}

fn duplicate(path: &Path, ds: &crate::pack::Dataset, line: usize, key: &Value, first_row: usize) -> DataError {
    DataError::new(
        Location::cell(path, line, &ds.key),
        DataErrorKind::DuplicateKey { key: key.render(Lang::Vi), first_row },
    )
}

/// A reader over a CSV file, or over a workbook's sheet read whole.
enum Source<'d> {
    Csv(Box<CsvChunks<'d>>),
    Whole { batch: Option<Batch>, errors: Vec<DataError>, warnings: Vec<DataError> },
}

impl Source<'_> {
    fn next_window(&mut self) -> Option<Vec<Batch>> {
        match self {
            Source::Csv(c) => c.next_window(),
            Source::Whole { batch, .. } => batch.take().map(|b| vec![b]),
        }
    }
    /// Gives a window's batches back to the reader, to be filled again.
    fn recycle(&mut self, batches: Vec<Batch>) {
        if let Source::Csv(c) = self {
            c.recycle(batches);
        }
    }
    fn has_errors(&self) -> bool {
        match self {
            Source::Csv(c) => c.has_errors(),
            Source::Whole { errors, .. } => !errors.is_empty(),
        }
    }
    fn add_errors(&mut self, e: Vec<DataError>, dropped: usize) {
        match self {
            Source::Csv(c) => c.add_errors(e, dropped),
            Source::Whole { errors, .. } => errors.extend(e),
        }
    }
    /// What the reader noticed, not fatal.
    fn warnings(&self) -> Vec<DataError> {
        match self {
            Source::Csv(c) => c.warnings(),
            Source::Whole { warnings, .. } => warnings.clone(),
        }
    }
    fn finish(self, rereadable: bool) -> Result<Option<Settled>, Vec<DataError>> {
        match self {
            Source::Csv(c) => c.finish(rereadable),
            Source::Whole { errors, .. } if errors.is_empty() => Ok(None),
            Source::Whole { errors, .. } => Err(errors),
        }
    }
}

fn open<'d>(
    ds: &'d crate::pack::Dataset,
    path: &Path,
    limits: &DataLimits,
    settled: &Settled,
) -> Result<Source<'d>, Failure> {
    if crate::data::workbook::is_workbook(path) {
        // A sheet holds at most about a million rows: read it whole.
        let t = crate::data::workbook::read_workbook(ds, path, limits.sheet_of(&ds.id), &[], limits)
            .map_err(Failure::Data)?;
        let batch = Batch::from_values(ds, t.rows.iter().map(|r| (r.line, &r.values[..])));
        return Ok(Source::Whole { batch: Some(batch), errors: Vec::new(), warnings: t.warnings });
    }
    CsvChunks::open(ds, path, limits, settled).map(|c| Source::Csv(Box::new(c))).map_err(Failure::Data)
}

/// A cell as a report shows it, borrowed when it can be.
fn shown<'b>(b: &'b Batch, col: usize, row: usize, lang: Lang) -> Cow<'b, str> {
    match b.text(col, row) {
        Some(t) if !t.is_empty() => Cow::Borrowed(t),
        _ => Cow::Owned(b.value(col, row).render(lang)),
    }
}

/// A verdict in two bits, for a pattern's code (a new verdict fails to
/// compile here rather than share a code with another).
fn two_bits(v: Verdict) -> u128 {
    match v {
        Verdict::Eligible => 0,
        Verdict::NotEligible => 1,
        Verdict::OverQuota => 2,
        Verdict::NotApplicable => 3,
    }
}

/// Bytes a batch's result is given ahead: grown by doubling, a window's
/// result was copied once or twice into memory touched for the first time.
fn result_room(pack: &Pack, ds_id: &str, b: &Batch, render: &Render, key_col: usize, name_col: Option<usize>) -> usize {
    match render {
        Render::BySubject(table) => {
            let text = b.text_bytes(key_col) + name_col.map_or(0, |c| b.text_bytes(c));
            text + b.len() * (2 + table.longest_tail(pack, ds_id))
        }
        _ => b.len() * 64,
    }
}

/// Judges and renders one batch; `row_ends` records where each row's piece
/// ends (for sorting rows of a file out of order).
#[allow(clippy::too_many_arguments)]
fn piece(
    job: &Job,
    ev: &BatchEvaluator,
    ds_id: &str,
    b: &Batch,
    path: &Path,
    render: &Render,
    key_col: usize,
    row_ends: bool,
    spare: Vec<u8>,
) -> Piece {
    let pack: &Pack = &job.cp.pack;
    let v: BatchVerdicts = ev.evaluate(b, path);
    let in_order = (1..b.len()).all(|r| match (b.text(key_col, r - 1), b.text(key_col, r)) {
        (Some(x), Some(y)) if x.is_ascii() && y.is_ascii() => x.as_bytes() < y.as_bytes(),
        _ => key_order(&b.value(key_col, r - 1), &b.value(key_col, r)) == Ordering::Less,
    });
    let mut p = Piece { in_order, errors: v.errors.clone(), ..Default::default() };
    if !v.errors.is_empty() {
        return p;
    }
    let order: Vec<usize> = ev.awards().collect();
    // Reported awards in pack order, with their position among the evaluated.
    let reported: Vec<(usize, usize)> =
        job.reported.iter().filter_map(|a| order.iter().position(|x| x == a).map(|k| (*a, k))).collect();
    let name_col = pack.datasets[ds_id].name_column.as_ref().and_then(|n| pack.datasets[ds_id].column_index(n));
    let wanted = |r: usize| match &job.subjects {
        None => true,
        Some(keys) => keys.contains(&crate::eval::batch::rows_key(b, key_col, r)),
    };
    let by_rows = matches!(render, Render::BySubject(_) | Render::Json);
    // By subject: each award's place among the evaluated, and the end of a
    // record made once per pattern of results (there are few).
    let by_subject: Vec<Option<usize>> = match render {
        Render::BySubject(table) => table.awards.iter().map(|a| order.iter().position(|x| x == a)).collect(),
        _ => Vec::new(),
    };
    // Each pattern of results is known by its code, two bits an award; a
    // code stands for one pattern only up to 64 awards.
    let mut tails: Vec<(u128, Vec<Verdict>, Vec<u8>)> = Vec::new();
    let exact_codes = by_subject.len() <= 64;
    let room = result_room(pack, ds_id, b, render, key_col, name_col);
    let mut spare = spare;
    spare.clear();
    crate::data::batch::room(&mut spare, room);
    let (mut raw, for_csv) = if by_rows { (spare, Vec::new()) } else { (Vec::new(), spare) };
    let mut w = csv::WriterBuilder::new().from_writer(for_csv);
    let mut line: Vec<Verdict> = Vec::new();
    for r in 0..b.len() {
        if wanted(r) {
            if job.subjects.is_some() {
                p.matched.push(crate::eval::batch::rows_key(b, key_col, r));
            }
            match render {
                Render::BySubject(table) => {
                    line.clear();
                    line.extend(by_subject.iter().map(|k| match k.map(|k| &v.awards[k]) {
                        Some(av) if av.applies[r] => Verdict::from_parts(av.eligible[r], false),
                        _ => Verdict::NotApplicable,
                    }));
                    let code = line.iter().fold(0u128, |c, v| c << 2 | two_bits(*v));
                    if line.iter().any(|v| *v != Verdict::NotApplicable) {
                        let i = match tails.iter().position(|(c, l, _)| *c == code && (exact_codes || *l == line)) {
                            Some(i) => i,
                            None => {
                                tails.push((code, line.clone(), table.tail(pack, job.lang, ds_id, &line)));
                                tails.len() - 1
                            }
                        };
                        let key = shown(b, key_col, r, job.lang);
                        let name = name_col.map(|c| shown(b, c, r, job.lang)).unwrap_or_default();
                        SubjectTable::write_subject(&mut raw, &key, &name, &tails[i].2);
                    }
                }
                Render::Long { explain, shown } => {
                    let rs: Vec<AwardResult> = reported
                        .iter()
                        .filter_map(|&(_, k)| ev.result(&v, b, k, r, *explain, &Default::default()))
                        .collect();
                    write_csv_rows_shown(pack, job.lang, *explain, rs.iter(), &mut w, shown);
                }
                Render::Json => {
                    for &(_, k) in &reported {
                        if let Some(x) = ev.result(&v, b, k, r, true, &Default::default()) {
                            p.checks += 1;
                            p.eligible += usize::from(x.eligible);
                            crate::report::check::json_element(pack, job.lang, &x, &mut raw);
                        }
                    }
                }
                Render::Results { record_inputs } => {
                    p.results.push(
                        reported
                            .iter()
                            .filter_map(|&(_, k)| ev.result(&v, b, k, r, *record_inputs, &Default::default()))
                            .collect(),
                    );
                }
            }
        } else if let Render::Results { .. } = render {
            p.results.push(Vec::new());
        }
        if row_ends {
            let _ = w.flush();
            p.ends.push(w.get_ref().len() + raw.len());
        }
    }
    // Only one of the two was written to: kept as it is, not copied.
    p.bytes = w.into_inner().unwrap_or_default();
    if p.bytes.is_empty() {
        p.bytes = raw;
    } else {
        p.bytes.append(&mut raw);
    }
    p
}
