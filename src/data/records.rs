//! Where CSV records end, found without parsing them, so that a file can be
//! cut into pieces parsed in parallel.
//!
//! The cuts must be exactly those of the csv crate's reader (csv-core with
//! its defaults but the file's delimiter: `,`, `;` or tab; `"` quote with doubling, CR, LF or CRLF ends
//! a record, no comments, no escape byte). Its state machine is followed
//! here: a quote opens a quoted field only at the start of a field (after a
//! delimiter, a line break or the start of the buffer); a quote anywhere else
//! in an unquoted field is a literal character (`Tivi 5" inch`), as Excel and
//! Python read it too. Counting quotes from the start of the file is not
//! enough: one bare quote would flip every record after it.
//!
//! Every function takes a buffer that starts at a record boundary and returns
//! offsets just past a line break that ends a record. Cutting there is safe
//! even inside a CRLF pair: the csv reader skips line breaks at the start of
//! a record.

/// The scanner's state between two bytes that matter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Outside quotes: at the start of a field, or inside an unquoted one.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
}

/// Calls `on_end(offset)` after every line break that ends a record, in
/// order, until it returns `false`. Returns whether the scan ended outside a
/// quoted field (false when the buffer stops inside one, or on a quote whose
/// meaning depends on the next byte).
fn scan(buf: &[u8], delim: u8, mut on_end: impl FnMut(usize) -> bool) -> bool {
    let mut state = State::Unquoted;
    let mut i = 0;
    while i < buf.len() {
        match state {
            State::Unquoted => {
                let Some(off) = memchr::memchr3(b'"', b'\n', b'\r', &buf[i..]) else {
                    return true;
                };
                let j = i + off;
                if buf[j] == b'"' {
                    // A quote opens a field only where a field starts.
                    if j == 0 || buf[j - 1] == delim || matches!(buf[j - 1], b'\n' | b'\r') {
                        state = State::Quoted;
                    }
                } else if !on_end(j + 1) {
                    return true;
                }
                i = j + 1;
            }
            State::Quoted => {
                let Some(off) = memchr::memchr(b'"', &buf[i..]) else {
                    return false;
                };
                let j = i + off;
                match buf.get(j + 1) {
                    // A doubled quote is a literal quote: still inside.
                    Some(b'"') => i = j + 2,
                    // The field's closing quote; whatever follows is unquoted
                    // (csv-core keeps further quotes in the field literal).
                    Some(_) => {
                        state = State::Unquoted;
                        i = j + 1;
                    }
                    None => return false,
                }
            }
        }
    }
    state == State::Unquoted
}

/// The end (exclusive) of the first record of `buf`, if its line break is
/// in `buf`.
pub fn first_record_end(buf: &[u8], delim: u8) -> Option<usize> {
    let mut end = None;
    scan(buf, delim, |e| {
        end = Some(e);
        false
    });
    end
}

/// Record boundaries in `buf`: the first boundary at or after each of `n`
/// evenly spaced targets, and the last boundary of all. Empty when no record
/// of `buf` is complete.
pub fn boundaries(buf: &[u8], n: usize, delim: u8) -> Vec<usize> {
    let step = (buf.len() / n.max(1)).max(1);
    let mut cuts = Vec::with_capacity(n + 1);
    if memchr::memchr(b'"', buf).is_none() {
        // No quotes: every line break ends a record; jump from target to
        // target instead of visiting each one.
        let mut target = step;
        while target < buf.len() {
            match memchr::memchr2(b'\n', b'\r', &buf[target - 1..]) {
                Some(i) => {
                    let end = target + i;
                    cuts.push(end);
                    target = end + step;
                }
                None => break,
            }
        }
        if let Some(last) = memchr::memrchr2(b'\n', b'\r', buf) {
            if cuts.last() != Some(&(last + 1)) {
                cuts.push(last + 1);
            }
        }
        return cuts;
    }
    let mut target = step;
    let mut last = None;
    scan(buf, delim, |end| {
        last = Some(end);
        if end >= target {
            cuts.push(end);
            target = end + step;
        }
        true
    });
    if let Some(l) = last {
        if cuts.last() != Some(&l) {
            cuts.push(l);
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(bytes: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        rdr.byte_records().map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect()).collect()
    }

    fn pieces(bytes: &[u8], n: usize) -> Vec<Vec<Vec<u8>>> {
        let mut cuts = boundaries(bytes, n, b',');
        cuts.push(bytes.len());
        let mut start = 0;
        let mut out = Vec::new();
        for c in cuts {
            if c > start {
                out.extend(records(&bytes[start..c]));
                start = c;
            }
        }
        out
    }

    #[test]
    fn a_bare_quote_in_an_unquoted_field_is_literal() {
        let csv = b"K0,Tivi 5\" inch,x\nK1,\"ghi\nchu\",y\nK2,z,\"a\"\"b\"\nK3,w,v\n";
        for n in 1..8 {
            assert_eq!(pieces(csv, n), records(csv), "n = {n}");
        }
        assert_eq!(first_record_end(csv, b','), Some(18));
    }

    #[test]
    fn bare_carriage_returns_end_records() {
        let csv = b"a,b\rc,d\r\ne,f\n\rg,h";
        assert_eq!(boundaries(csv, 1, b','), vec![14]);
        assert_eq!(first_record_end(csv, b','), Some(4));
        for n in 1..8 {
            assert_eq!(pieces(csv, n), records(csv));
        }
    }

    #[test]
    fn text_after_a_closing_quote_keeps_its_quotes_literal() {
        // `"a"b"` is the field `ab"`; the line break after it ends the record.
        let csv = b"\"a\"b\"\nc,\"d\ne\"\n";
        assert_eq!(first_record_end(csv, b','), Some(6));
        assert_eq!(pieces(csv, 4), records(csv));
    }
}
