//! A decimal's text, written straight into a buffer: the reports print
//! hundreds of thousands of points, and `Display` goes through the 96-bit
//! mantissa digit by digit. Same text as `Display`, byte for byte; a
//! mantissa past 64 bits (never a point or a threshold in practice) takes
//! `Display` itself.

use rust_decimal::Decimal;
use std::fmt::Write as _;

/// Appends `d` as `d.to_string()` would, or as `d.normalize().to_string()`
/// when `normalized` (no trailing zeros after the point).
pub fn push(out: &mut String, d: Decimal, normalized: bool) {
    let m = d.mantissa();
    let (Ok(mut u), false) = (u64::try_from(m.unsigned_abs()), m == 0) else {
        // Zero keeps its sign and scale rules to `Display`.
        let _ = if normalized { write!(out, "{}", d.normalize()) } else { write!(out, "{d}") };
        return;
    };
    let mut scale = d.scale() as usize;
    if normalized {
        while scale > 0 && u % 10 == 0 {
            u /= 10;
            scale -= 1;
        }
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while u > 0 {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
    }
    let digits = &buf[i..];
    if m < 0 {
        out.push('-');
    }
    // Only ASCII digits were written above.
    let text = std::str::from_utf8(digits).unwrap_or_default();
    if scale == 0 {
        out.push_str(text);
    } else if digits.len() > scale {
        let (int, frac) = text.split_at(digits.len() - scale);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(text);
    }
}

/// `d` as `d.to_string()` writes it (see [`push`]).
pub fn text(d: Decimal) -> String {
    let mut s = String::new();
    push(&mut s, d, false);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn both(d: Decimal) {
        let mut plain = String::new();
        push(&mut plain, d, false);
        assert_eq!(plain, d.to_string(), "{d:?}");
        let mut norm = String::new();
        push(&mut norm, d, true);
        assert_eq!(norm, d.normalize().to_string(), "{d:?}");
    }

    #[test]
    fn the_edges_read_as_display_reads_them() {
        for (m, s) in [(0i64, 0u32), (0, 2), (5, 2), (-5, 2), (10, 1), (-10, 1), (1234, 2), (100, 2), (1, 28)] {
            both(Decimal::new(m, s));
        }
        both(Decimal::MAX);
        both(Decimal::MIN);
        both(Decimal::from_i128_with_scale(u64::MAX as i128, 3));
        both(Decimal::from_i128_with_scale(u64::MAX as i128 + 1, 3));
        both(-Decimal::ZERO);
    }

    proptest! {
        #[test]
        fn any_decimal_reads_as_display_reads_it(lo: u32, mid: u32, hi: u32, neg: bool, scale in 0u32..=28) {
            both(Decimal::from_parts(lo, mid, hi, neg, scale));
        }

        #[test]
        fn small_decimals_read_as_display_reads_them(m in -10_000_000_000i64..10_000_000_000i64, scale in 0u32..=28) {
            both(Decimal::new(m, scale));
        }
    }
}
