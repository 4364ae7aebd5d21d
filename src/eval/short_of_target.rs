//! A target leaf's points short of its target, already rounded as the
//! scorecard rounds them, in 128-bit integers: `max·a/t` when a unit is
//! below a higher-is-better target, `max·t/a` past a lower-is-better one.
//!
//! Half the leaves of a typical sheet take this path, and a 96-bit decimal
//! division followed by a rounding was most of their cost. The number is
//! the exact rational rounded, which is what the decimal path gives too
//! whenever its division's last digit cannot cross a rounding boundary;
//! where that is not certain (the guard below), `None` sends the caller to
//! the decimal path. Only quotients with more digits than the places kept
//! take this path: their rounded value has exactly that many places, the
//! decimal path's scale too, so the text is the same wherever a page
//! prints points unnormalised.

use crate::pack::scorecard::RoundMode;
use crate::pack::scoring::Scoring;
use rust_decimal::Decimal;

use super::points::Raw;

/// The most a decimal's mantissa holds (2^96 − 1).
const MANTISSA_MAX: i128 = (1 << 96) - 1;

/// `max·n/d` past or short of target, rounded to `places` by `mode`;
/// `None` for every other case (at or past a higher-is-better target, a
/// zero or negative input) and when the guard cannot vouch for it.
pub fn rounded(s: &Scoring, raw: &Raw, places: u32, mode: RoundMode) -> Option<Decimal> {
    let zero = Decimal::ZERO;
    let (max, n, d) = match s {
        Scoring::Target { max, .. } if raw.t > zero && raw.a >= zero && raw.a < raw.t => (*max, raw.a, raw.t),
        Scoring::TargetLower { max } if raw.t > zero && raw.a > raw.t => (*max, raw.t, raw.a),
        _ => return None,
    };
    ratio_rounded(max, n, d, places, mode)
}

fn pow10(e: u32) -> Option<i128> {
    10i128.checked_pow(e)
}

/// `max·n/d` for `0 ≤ n < d` and `max ≥ 0`, rounded to `places`: what
/// `mode.apply(max·n / d, places)` gives in decimals, value and scale.
fn ratio_rounded(max: Decimal, n: Decimal, d: Decimal, places: u32, mode: RoundMode) -> Option<Decimal> {
    if max.is_sign_negative() || n.is_sign_negative() || d <= Decimal::ZERO || n >= d || places > 28 {
        return None;
    }
    // max = m / 10^ms; n/d = ni/di with both at one scale.
    let (m, ms) = (max.mantissa(), max.scale());
    let common = n.scale().max(d.scale());
    let ni = n.mantissa().checked_mul(pow10(common - n.scale())?)?;
    let di = d.mantissa().checked_mul(pow10(common - d.scale())?)?;
    // The decimal path multiplies `max·n` first: its product must be exact
    // (a mantissa within 96 bits) for the two paths to start alike.
    let product = m.checked_mul(n.mantissa())?;
    if product > MANTISSA_MAX || ms + n.scale() > 28 {
        return None;
    }
    // points·10^places = num/den exactly.
    let num = m.checked_mul(ni)?.checked_mul(pow10(places)?)?;
    let den = di.checked_mul(pow10(ms)?)?;
    // Guard: the quotient is below `max` < 10^k, so the decimal division
    // keeps at least 28 − k places and errs by less than 10^(k−28); the
    // exact quotient, when not on a rounding boundary (a multiple of half
    // a unit of the last place), is at least 1/(2·den·10^places) from one.
    // Below that distance the two paths round alike.
    let mut k = 0;
    while pow10(k + ms)? <= m {
        k += 1;
    }
    if den.checked_mul(2)?.checked_mul(pow10(k + 1 + places)?)? > pow10(28)? {
        return None;
    }
    let (q, r) = (num / den, num % den);
    if r == 0 {
        // Exact at `places` (a zero actual among them): the decimal path's
        // scale then depends on how its division strips zeros, so it
        // decides, and its text stays what it was.
        return None;
    }
    let q = match mode {
        RoundMode::Down => q,
        RoundMode::Up => q + 1,
        RoundMode::HalfUp => q + i128::from(2 * r >= den),
        RoundMode::HalfEven => q + i128::from(2 * r > den || (2 * r == den && q % 2 == 1)),
    };
    // More digits than `places`: rounding cut the quotient to exactly
    // `places`, the scale the decimal path ends at too.
    (q <= MANTISSA_MAX).then(|| Decimal::from_i128_with_scale(q, places))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The decimal path: what `leaf_points` and the rounding after it do.
    fn by_decimals(max: Decimal, n: Decimal, d: Decimal, places: u32, mode: RoundMode) -> Option<Decimal> {
        Some(mode.apply(max.checked_mul(n)?.checked_div(d)?, places))
    }

    fn modes() -> impl Strategy<Value = RoundMode> {
        prop_oneof![Just(RoundMode::HalfUp), Just(RoundMode::HalfEven), Just(RoundMode::Down), Just(RoundMode::Up)]
    }

    fn same(max: Decimal, n: Decimal, d: Decimal, places: u32, mode: RoundMode) {
        if let Some(fast) = ratio_rounded(max, n, d, places, mode) {
            let slow = by_decimals(max, n, d, places, mode).expect("the decimal path scores it");
            assert_eq!(fast.to_string(), slow.to_string(), "{max}·{n}/{d} at {places} ({mode:?})");
        }
    }

    #[test]
    fn midpoints_and_exact_quotients_read_as_decimals_do() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 12.25/100 of 10 is 1.225: half up 1.23, half even 1.22, down 1.22, up 1.23.
        for (mode, want) in [
            (RoundMode::HalfUp, "1.23"),
            (RoundMode::HalfEven, "1.22"),
            (RoundMode::Down, "1.22"),
            (RoundMode::Up, "1.23"),
        ] {
            assert_eq!(ratio_rounded(d("10"), d("12.25"), d("100"), 2, mode).unwrap().to_string(), want);
        }
        for (max, n, den) in
            [("10", "50", "100"), ("10", "0", "7"), ("20", "1", "3"), ("10.5", "3", "4"), ("7", "0.00", "1")]
        {
            for places in [0, 1, 2, 3, 5] {
                same(d(max), d(n), d(den), places, RoundMode::HalfUp);
            }
        }
        assert_eq!(ratio_rounded(d("20"), d("1"), d("3"), 2, RoundMode::HalfUp), Some(d("6.67")));
        // Exact at the places kept, or zero: the decimal path decides.
        assert!(ratio_rounded(d("10"), d("50"), d("100"), 2, RoundMode::HalfUp).is_none());
        assert!(ratio_rounded(d("7"), d("0.00"), d("1"), 2, RoundMode::HalfUp).is_none());
        assert!(ratio_rounded(d("10"), d("5"), d("5"), 2, RoundMode::HalfUp).is_none(), "at target: not this path");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Value and scale equal the decimal path's, whatever the scales.
        #[test]
        fn agrees_with_decimal_division_then_rounding(
            max in 0i64..100_000, ms in 0u32..3,
            t in 1i64..10_000_000_000_000, ts in 0u32..6,
            frac in 0u32..1_000_000, ns in 0u32..6,
            places in 0u32..6, mode in modes(),
        ) {
            let (max, d) = (Decimal::new(max, ms), Decimal::new(t, ts));
            // n below d: a share of it at its own scale, truncated there.
            let n = (d * Decimal::new(frac as i64, 6)).trunc_with_scale(ns);
            if n < d {
                same(max, n, d, places, mode);
            }
        }

        /// Cells of a real sheet (two places, up to 10^10) with a maximum
        /// under 100 always take this path unless exact at the places kept.
        #[test]
        fn sheet_sized_cells_take_this_path(
            max in 1i64..100, t in 1i64..1_000_000_000_000, frac in 0u32..1_000_000, places in 0u32..4,
            mode in modes(),
        ) {
            let (max, d) = (Decimal::from(max), Decimal::new(t, 2));
            let n = (d * Decimal::new(frac as i64, 6)).trunc_with_scale(2);
            let exact = max * n / d;
            if n < d && exact.round_dp(places) != exact {
                prop_assert!(ratio_rounded(max, n, d, places, mode).is_some(), "{max}·{n}/{d} at {places}");
                same(max, n, d, places, mode);
            }
        }

        /// Small numbers hit exact quotients and midpoints often.
        #[test]
        fn agrees_on_small_exact_cases(
            max in 0i64..40, ms in 0u32..2, n in 0i64..200, ns in 0u32..3, t in 1i64..200, ts in 0u32..3,
            places in 0u32..4, mode in modes(),
        ) {
            let (max, n, d) = (Decimal::new(max, ms), Decimal::new(n, ns), Decimal::new(t, ts));
            if n < d {
                same(max, n, d, places, mode);
            }
        }
    }
}
