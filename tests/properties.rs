//! Property tests: number round-trips in both formats, scoring methods within
//! their range, ranking a permutation independent of the input order.

use proptest::prelude::*;
use rust_decimal::Decimal;
use thidua::data::value::{format_decimal, parse_decimal, parse_int};
use thidua::eval::score::{cluster_best, leaf_points, negative_input, Best, Raw};
use thidua::pack::scorecard::Node;
use thidua::pack::scoring::Scoring;
use thidua::pack::NumberFormat;

/// Decimals within the range a data cell may hold (|x| < 10^18).
fn decimal() -> impl Strategy<Value = Decimal> {
    (-999_999_999_999_999_999i64..=999_999_999_999_999_999, 0u32..8).prop_map(|(m, s)| Decimal::new(m, s))
}

fn nonneg() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #[test]
    fn decimals_round_trip_in_both_formats(d in decimal()) {
        for f in [NumberFormat::Plain, NumberFormat::Vi] {
            let text = format_decimal(d, f);
            prop_assert_eq!(parse_decimal(&text, f), Some(d), "{} in {:?}", text, f);
        }
    }

    #[test]
    fn integers_round_trip_in_both_formats(i in -999_999_999_999_999_999i64..=999_999_999_999_999_999) {
        for f in [NumberFormat::Plain, NumberFormat::Vi] {
            let text = format_decimal(Decimal::from(i), f);
            prop_assert_eq!(parse_int(&text, f), Some(i), "{} in {:?}", text, f);
        }
    }

    #[test]
    fn numbers_past_the_data_bound_are_refused(i in 1_000_000_000_000_000_000i64..=i64::MAX) {
        for f in [NumberFormat::Plain, NumberFormat::Vi] {
            prop_assert_eq!(parse_int(&format_decimal(Decimal::from(i), f), f), None);
            prop_assert_eq!(parse_decimal(&format_decimal(Decimal::from(i), f), f), None);
        }
    }

    #[test]
    fn garbage_never_parses_as_a_number(
        a in "[0-9]{1,6}", bad in prop_oneof![Just("e"), Just("E"), Just("e+"), Just(".."), Just(",,"), Just("+"), Just("-"), Just(" "), Just("x")],
        b in "[0-9]{0,6}",
    ) {
        // Digits with an exponent, a doubled separator, an inner sign, a
        // space or a letter: no style reads it, as an int or a decimal.
        let s = format!("{a}{bad}{b}");
        for f in [NumberFormat::Plain, NumberFormat::Vi] {
            prop_assert_eq!(parse_decimal(&s, f), None, "{} in {:?}", s, f);
            prop_assert_eq!(parse_int(&s, f), None, "{} in {:?}", s, f);
        }
    }

    #[test]
    fn whatever_parses_prints_back_to_the_same_value(s in "[0-9.,eE+-]{0,12}") {
        // Whatever parses must print back to the same value.
        for f in [NumberFormat::Plain, NumberFormat::Vi] {
            if let Some(d) = parse_decimal(&s, f) {
                prop_assert_eq!(parse_decimal(&format_decimal(d, f), f), Some(d));
            }
        }
    }

    #[test]
    fn every_method_stays_within_zero_and_its_maximum(
        a in nonneg(), t in nonneg(), v in nonneg(), pass in any::<bool>(),
        max in 1i64..50, others in proptest::collection::vec(nonneg(), 0..5),
    ) {
        let methods = [
            ("target", "actual: a\n  target: t\n  bonus: { per_percent: 0.1, cap: 2 }", 2),
            ("target_relative", "actual: a\n  target: t\n  share: 0.5", 0),
            ("target_lower", "actual: a\n  target: t", 0),
            ("pass_fail", "when: x", 0),
            ("count", "value: v\n  points_each: 0.5", 0),
            ("deduction", "value: v\n  points_each: 2", 0),
            ("bands", "value: v\n  bands: [{ from: 10, points: 3 }, { from: 0, below: 10, points: 1 }]", 0),
            ("relative", "value: v\n  direction: higher", 0),
            ("relative", "value: v\n  direction: lower", 0),
        ];
        for (m, fields, bonus) in methods {
            let yaml = format!("id: x\nname: x\nmax: {max}\nmethod: {m}\n{}", fields.replace("\n  ", "\n"));
            let node: Node = serde_yaml::from_str(&yaml).unwrap();
            let me = Raw { a, t, v, pass };
            let rest: Vec<Raw> = others.iter().map(|&o| Raw { a: o, t, v: o, pass }).collect();
            let all: Vec<&Raw> = std::iter::once(&me).chain(rest.iter()).collect();
            let scoring = Scoring::of(&node).unwrap();
            let best = cluster_best(&scoring, &all);
            let p = leaf_points(&scoring, &me, best, None).unwrap();
            prop_assert!(p >= Decimal::ZERO, "{} gave {}", m, p);
            prop_assert!(p <= Decimal::from(max) + Decimal::from(bonus), "{} gave {} > {}", m, p, max);
        }
    }
}

fn any_magnitude() -> impl Strategy<Value = Decimal> {
    prop_oneof![Just(Decimal::MAX), Just(Decimal::MIN), Just(Decimal::new(1, 28)), decimal()]
}

proptest! {
    #[test]
    fn huge_or_tiny_inputs_never_panic(a in any_magnitude(), t in any_magnitude(), v in any_magnitude(), best in any_magnitude()) {
        for m in ["target\nactual: a\ntarget: t\nbonus: { per_percent: 0.1, cap: 2 }", "target_relative\nactual: a\ntarget: t",
                  "target_lower\nactual: a\ntarget: t", "count\nvalue: v\npoints_each: 1000", "deduction\nvalue: v\npoints_each: 1000",
                  "relative\nvalue: v\ndirection: lower", "relative\nvalue: v\ndirection: higher"] {
            let node: Node = serde_yaml::from_str(&format!("id: x\nname: x\nmax: 1000000\nmethod: {m}")).unwrap();
            // Overflow is an error the caller reports (None), never a panic.
            let scoring = Scoring::of(&node).unwrap();
            let raw = Raw { a, t, v, pass: true };
            for best in [Best { value: best, num: best, den: Decimal::ONE }, Best { value: Decimal::ONE, num: a, den: t }] {
                if let Some(p) = leaf_points(&scoring, &raw, Some(best), None) {
                    prop_assert!(p >= Decimal::ZERO && p <= scoring.ceiling().unwrap(), "{} gave {}", m, p);
                }
            }
        }
    }

    /// Negative inputs, zero and the extremes, for every method, in a
    /// cluster of units like it: a method either refuses the input
    /// (`negative_input`) or scores it within `0..=ceiling`; nothing panics.
    #[test]
    fn negative_zero_and_extreme_inputs_are_refused_or_in_range(
        a in signed(), t in signed(), v in signed(),
        others in proptest::collection::vec((signed(), signed()), 0..4),
    ) {
        for m in ["target\nactual: a\ntarget: t\nbonus: { per_percent: 0.1, cap: 2 }", "target_relative\nactual: a\ntarget: t",
                  "target_relative\nactual: a\ntarget: t\nzero_target: as_met", "target_lower\nactual: a\ntarget: t",
                  "count\nvalue: v\npoints_each: 1000", "deduction\nvalue: v\npoints_each: 3", "manual\nvalue: v",
                  "bands\nvalue: v\nbands: [{ from: 10, points: 3 }, { below: 10, points: 1 }]",
                  "relative\nvalue: v\ndirection: lower", "relative\nvalue: v\ndirection: higher"] {
            let node: Node = serde_yaml::from_str(&format!("id: x\nname: x\nmax: 30\nmethod: {m}")).unwrap();
            let scoring = Scoring::of(&node).unwrap();
            let me = Raw { a, t, v, pass: true };
            let rest: Vec<Raw> = others.iter().map(|&(x, y)| Raw { a: x, t: y, v: x, pass: false }).collect();
            // What the cluster holds once negative inputs are refused.
            let all: Vec<&Raw> = std::iter::once(&me).chain(rest.iter())
                .filter(|r| negative_input(&scoring, r).is_none()).collect();
            let best = cluster_best(&scoring, &all);
            if let Some(p) = leaf_points(&scoring, &me, best, None) {
                prop_assert!(p >= Decimal::ZERO && p <= scoring.ceiling().unwrap(), "{} gave {}", m, p);
            }
            if negative_input(&scoring, &me).is_none() {
                prop_assert!(a >= Decimal::ZERO || !m.contains("actual"), "{} took a negative actual", m);
            }
        }
    }
}

/// Signed decimals: negatives, zero, the smallest steps and the data bound.
fn signed() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::new(-1, 28)),
        Just(Decimal::new(1, 28)),
        Just(Decimal::new(-999_999_999_999_999_999, 0)),
        Just(Decimal::new(999_999_999_999_999_999, 0)),
        decimal(),
    ]
}

/// `target_relative` over target: `share·max + (1−share)·max·ratio/best`
/// computed as one division, so an exact half-point stays exact and rounds
/// up (divided twice it came out x.xx4999… and rounded down).
#[test]
fn target_relative_keeps_exact_halves_exact() {
    let node: Node =
        serde_yaml::from_str("id: x\nname: x\nmax: 10\nmethod: target_relative\nactual: a\ntarget: t\nshare: 0.5")
            .unwrap();
    let s = Scoring::of(&node).unwrap();
    // Leader 3 over 3 (ratio 1/3... over target by 100 %): a = 6, t = 3.
    let leader = Raw { a: Decimal::from(6), t: Decimal::from(3), v: Decimal::ZERO, pass: true };
    // Unit: 7 over a target of 6, ratio 1/6, half of the leader's 1:
    // 5 + 5 · (1/6) / 1 = 5.8333…; take one whose exact result ends in 5:
    // a = 33, t = 30: ratio 1/10, leader 1 → 5 + 0.5 = 5.5 exactly.
    let unit = Raw { a: Decimal::from(33), t: Decimal::from(30), v: Decimal::ZERO, pass: true };
    let best = cluster_best(&s, &[&leader, &unit]).unwrap();
    assert_eq!(leaf_points(&s, &unit, Some(best), None), Some(Decimal::new(55, 1)));
    // Leader ratio 1/3 (a = 4, t = 3); unit ratio 1/30 (a = 31, t = 30):
    // 5 + 5 · (1/30) / (1/3) = 5.5 exactly, which two divisions round off.
    let leader = Raw { a: Decimal::from(4), t: Decimal::from(3), v: Decimal::ZERO, pass: true };
    let unit = Raw { a: Decimal::from(31), t: Decimal::from(30), v: Decimal::ZERO, pass: true };
    let best = cluster_best(&s, &[&leader, &unit]).unwrap();
    assert_eq!(leaf_points(&s, &unit, Some(best), None), Some(Decimal::new(55, 1)));
    // Ratio 1/120 against 1/3: 5 + 5 · 3/120 = 5.125, which rounds to 5.13.
    let unit = Raw { a: Decimal::from(121), t: Decimal::from(120), v: Decimal::ZERO, pass: true };
    let best = cluster_best(&s, &[&leader, &unit]).unwrap();
    assert_eq!(leaf_points(&s, &unit, Some(best), None), Some(Decimal::new(5125, 3)));
}

mod ranking {
    use super::*;
    use std::path::{Path, PathBuf};
    use thidua::eval::score::{score, ScoreOptions};

    fn fixture() -> thidua::compile::CompiledPack {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rank-styles");
        thidua::app::load_pack(&dir, &thidua::script::ScriptLimits::default()).map_err(|_| ()).unwrap()
    }

    fn ranks(
        cp: &thidua::compile::CompiledPack,
        sc: usize,
        rows: &[(String, String, i64)],
    ) -> Vec<(String, Option<u32>)> {
        let mut csv = String::from("ma,cum,diem\n");
        for (k, c, d) in rows {
            csv += &format!("{k},{c},{d}\n");
        }
        let ds = &cp.pack.datasets["dv"];
        let table = thidua::data::table::read_csv_bytes(ds, Path::new("p.csv"), csv.as_bytes(), &[]).unwrap();
        let opts = ScoreOptions {
            as_of: chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            clusters: None,
            record_inputs: true,
            until: None,
        };
        let out = score(cp, sc, &table, &opts).unwrap();
        let mut r: Vec<(String, Option<u32>)> =
            out.final_stage().units.iter().map(|u| (u.key.render(thidua::i18n::Lang::Vi), u.rank)).collect();
        r.sort();
        r
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn ranking_is_a_permutation_and_ignores_row_order(
            scores in proptest::collection::vec((0i64..=10, 0u8..3), 1..12),
            seed in any::<u64>(),
        ) {
            let cp = fixture();
            let rows: Vec<(String, String, i64)> =
                scores.iter().enumerate().map(|(i, (d, c))| (format!("K{i:02}"), format!("C{c}"), *d)).collect();
            let mut shuffled = rows.clone();
            // A deterministic shuffle from the seed.
            let mut s = seed | 1;
            for i in (1..shuffled.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                shuffled.swap(i, (s % (i as u64 + 1)) as usize);
            }
            for sc in 0..3 {
                let a = ranks(&cp, sc, &rows);
                prop_assert_eq!(&a, &ranks(&cp, sc, &shuffled));
                // Per cluster: ordinal ranks are exactly 1..n; competition and
                // dense ranks are 1-based and ordered by score.
                for c in 0..3u8 {
                    let members: Vec<(i64, u32)> = rows.iter().zip(&a)
                        .filter(|(r, _)| r.1 == format!("C{c}"))
                        .map(|(r, (_, k))| (r.2, k.unwrap()))
                        .collect();
                    if members.is_empty() { continue; }
                    if sc == 2 {
                        let mut ks: Vec<u32> = members.iter().map(|m| m.1).collect();
                        ks.sort();
                        prop_assert_eq!(ks, (1..=members.len() as u32).collect::<Vec<_>>());
                    }
                    for x in &members {
                        for y in &members {
                            if x.0 > y.0 { prop_assert!(x.1 < y.1); }
                            if x.0 == y.0 && sc != 2 { prop_assert_eq!(x.1, y.1); }
                        }
                        prop_assert!(x.1 >= 1);
                    }
                }
            }
        }
    }
}

#[test]
fn exact_halves_round_up() {
    // 3 × 57.5 / 60 = 2.875 exactly: half-up gives 2.88. Dividing first would
    // give 2.8749999… and 2.87.
    let node: Node = serde_yaml::from_str("id: x\nname: x\nmax: 3\nmethod: target\nactual: a\ntarget: t").unwrap();
    let raw = Raw { a: Decimal::new(575, 1), t: Decimal::from(60), v: Decimal::ZERO, pass: false };
    let p = leaf_points(&Scoring::of(&node).unwrap(), &raw, None, None).unwrap();
    assert_eq!(thidua::pack::scorecard::RoundMode::HalfUp.apply(p, 2), Decimal::new(288, 2));
}
