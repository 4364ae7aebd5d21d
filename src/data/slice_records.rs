//! Records of a chunk already in memory, parsed by csv-core straight from
//! the chunk's bytes.
//!
//! `csv::Reader` over a byte slice copies the slice into its own buffer
//! 8 KiB at a time before parsing it; here the parser reads the chunk in
//! place. The records are exactly those `csv::Reader` reads with
//! `flexible(true)` and `has_headers(false)`: the same csv-core machine,
//! fed the same bytes (property-tested in `tests`). A parser is built per
//! chunk: csv-core's `Clone` of a built parser copies only part of its
//! tables (csv-core 0.1.13), and a clone misreads every record.

use csv_core::ReadRecordResult;

/// One record's fields: their bytes end to end, and where each ends.
#[derive(Debug, Default, Clone)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
}

impl Record {
    pub fn new() -> Record {
        Record { bytes: vec![0; 256], ends: vec![0; 16], len: 0 }
    }

    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        if i >= self.len {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..self.ends[i]])
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len).filter_map(|i| self.get(i))
    }

    /// Every field's bytes, end to end (quotes removed).
    pub fn as_slice(&self) -> &[u8] {
        match self.len {
            0 => &[],
            n => &self.bytes[..self.ends[n - 1]],
        }
    }
}

/// Reads the records of `input` in order.
pub struct SliceRecords<'a> {
    core: csv_core::Reader,
    delim: u8,
    input: &'a [u8],
    pos: usize,
}

thread_local! {
    /// Parsers built on this thread, by delimiter, kept between chunks:
    /// building one (its DFA) for every chunk was 1.3 % of the processor
    /// time of 2,000,000 rows. `reset` returns every part of a parser's
    /// state that reading changes to what `build` made.
    static BUILT: std::cell::RefCell<Vec<(u8, csv_core::Reader)>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl<'a> SliceRecords<'a> {
    /// csv-core's defaults (`"` quotes with doubling, CR, LF or CRLF ending
    /// a record) but the delimiter, as `csv::ReaderBuilder` builds them.
    pub fn new(delim: u8, input: &'a [u8]) -> SliceRecords<'a> {
        let kept = BUILT
            .try_with(|b| {
                let mut b = b.borrow_mut();
                b.iter().position(|(d, _)| *d == delim).map(|i| b.swap_remove(i).1)
            })
            .ok()
            .flatten();
        let core = match kept {
            Some(mut core) => {
                core.reset();
                core
            }
            None => csv_core::ReaderBuilder::new().delimiter(delim).build(),
        };
        SliceRecords { core, delim, input, pos: 0 }
    }

    /// Bytes of the input read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next record into `rec`; `false` at the end of the input.
    pub fn read(&mut self, rec: &mut Record) -> bool {
        let (mut out, mut end) = (0, 0);
        loop {
            // Once the input is used up, an empty input tells csv-core the
            // data has ended (it then ends the last record or reports End).
            let (res, nin, nout, nend) =
                self.core.read_record(&self.input[self.pos..], &mut rec.bytes[out..], &mut rec.ends[end..]);
            self.pos += nin;
            out += nout;
            end += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => rec.bytes.resize((rec.bytes.len() * 2).max(256), 0),
                ReadRecordResult::OutputEndsFull => rec.ends.resize((rec.ends.len() * 2).max(16), 0),
                ReadRecordResult::Record => {
                    rec.len = end;
                    return true;
                }
                ReadRecordResult::End => {
                    rec.len = 0;
                    return false;
                }
            }
        }
    }
}

impl Drop for SliceRecords<'_> {
    fn drop(&mut self) {
        let core = std::mem::take(&mut self.core);
        let _ = BUILT.try_with(|b| b.borrow_mut().push((self.delim, core)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Records and the position before each, as `csv::Reader` reads them,
    /// then the position before the read that finds none (no fields).
    fn by_csv(input: &[u8], delim: u8) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(input);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        loop {
            let at = rdr.position().byte();
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => out.push((at, rec.iter().map(<[u8]>::to_vec).collect())),
                Ok(false) => {
                    out.push((at, Vec::new()));
                    return out;
                }
                Err(e) => panic!("a slice cannot fail to read: {e}"),
            }
        }
    }

    fn by_slice(input: &[u8], delim: u8) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut r = SliceRecords::new(delim, input);
        let mut rec = Record::new();
        let mut out = Vec::new();
        loop {
            let at = r.position() as u64;
            if !r.read(&mut rec) {
                out.push((at, Vec::new()));
                return out;
            }
            assert_eq!(rec.as_slice(), rec.iter().flatten().copied().collect::<Vec<u8>>().as_slice());
            out.push((at, rec.iter().map(<[u8]>::to_vec).collect()));
        }
    }

    #[test]
    fn long_fields_and_many_fields_grow_the_record() {
        let long = "x".repeat(1000);
        let many = vec!["a"; 40].join(",");
        for input in [format!("{long},\"{long}\"\n{many}\r\nlast"), format!("{long},{long}\n{many}\r\nlast")] {
            assert_eq!(by_slice(input.as_bytes(), b','), by_csv(input.as_bytes(), b','));
            // Three records, and the end.
            assert_eq!(by_slice(input.as_bytes(), b',').len(), 4);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// A parser kept from an earlier chunk (read to its end or not) reads
        /// the next as a new one would, a byte-order mark at its start included.
        #[test]
        fn a_kept_parser_reads_as_a_new_one(
            first in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r')], 0..30),
            records in 0usize..3,
            input in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'),
                            Just(0xEF), Just(0xBB), Just(0xBF)], 0..40),
            bom in any::<bool>(),
        ) {
            {
                let mut r = SliceRecords::new(b',', &first);
                let mut rec = Record::new();
                for _ in 0..records {
                    r.read(&mut rec);
                }
            }
            let input = if bom { [&[0xEF, 0xBB, 0xBF][..], &input].concat() } else { input };
            prop_assert_eq!(by_slice(&input, b','), by_csv(&input, b','));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any bytes, cut anywhere: the same records at the same positions.
        #[test]
        fn reads_what_csv_reader_reads(
            input in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b';'), Just(b'"'), Just(b'\n'), Just(b'\r'),
                            Just(b' '), Just(0xEF), Just(0xBB), Just(0xBF)],
                0..60),
            semicolon in any::<bool>(),
        ) {
            let delim = if semicolon { b';' } else { b',' };
            prop_assert_eq!(by_slice(&input, delim), by_csv(&input, delim));
        }
    }
}
