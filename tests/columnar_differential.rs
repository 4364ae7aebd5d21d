//! The three ways a simple condition is evaluated must agree: Rhai (the
//! meaning), the native tree (one row, explains failures) and the columnar
//! form (whole batches, used by streamed `check`). Every condition of every
//! shipped pack, on its sample data and on many random rows. Rhai says
//! what a rule means; the other two are how thidua runs it.

use std::path::Path;
use thidua::data::batch::Batch;
use thidua::data::Value;
use thidua::pack::{ColumnType, Dataset};
use thidua::script::columnar::ColCond;
use thidua::script::{Condition, Layout, ScriptCtx, ScriptLimits, Slots};

/// A small deterministic generator (no dependency, same rows every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn random_value(rng: &mut Lcg, c: &thidua::pack::Column) -> Value {
    match c.ty {
        ColumnType::Int => {
            Value::Int([0, 1, 2, 3, 5, 6, 10, 40, 41, 70, 90, 100][rng.next(12) as usize] + rng.next(3) as i64 - 1)
        }
        ColumnType::Decimal => {
            let cents =
                [0, 50, 100, 8999, 9000, 9001, 5000, 7000, 10000, 12250][rng.next(10) as usize] + rng.next(3) as i64;
            Value::Dec(rust_decimal::Decimal::new(cents, [0, 1, 2][rng.next(3) as usize]))
        }
        ColumnType::Bool => Value::Bool(rng.next(2) == 1),
        ColumnType::Enum => Value::text(&c.values[rng.next(c.values.len() as u64) as usize]),
        ColumnType::Text => Value::text(["", "a", "tot", "xuat_sac", "khien_trach", "Z"][rng.next(6) as usize]),
        ColumnType::Date => Value::Date(
            chrono::NaiveDate::from_ymd_opt(
                2015 + rng.next(11) as i32,
                1 + rng.next(12) as u32,
                1 + rng.next(28) as u32,
            )
            .unwrap(),
        ),
    }
}

fn conditions(cp: &thidua::compile::CompiledPack, dataset: &str) -> Vec<(String, Condition)> {
    let mut out = Vec::new();
    for (a, ca) in cp.pack.awards.iter().zip(&cp.awards) {
        if a.dataset_id != dataset {
            continue;
        }
        out.extend(ca.applies_when.clone().map(|c| (format!("{}.applies_when", a.id), c)));
        for (spec, cc) in a.criteria.iter().zip(&ca.criteria) {
            out.push((format!("{}.{}", a.id, spec.id), cc.condition.clone()));
            out.extend(cc.applies_when.clone().map(|c| (format!("{}.{}.applies_when", a.id, spec.id), c)));
        }
    }
    out
}

fn check_pack(dir: &Path, data: Option<&Path>) -> (usize, usize) {
    let cp = thidua::app::load_pack(dir, &ScriptLimits::default()).unwrap_or_else(|e| panic!("{dir:?}: {e:?}"));
    let as_of = cp
        .pack
        .as_of
        .or(cp.pack.effective.to)
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    let extra = Layout::extra_values(&cp.pack.parameters, as_of);
    let (mut compared, mut present) = (0, 0);
    for (id, ds) in &cp.pack.datasets {
        let conds = conditions(&cp, id);
        if conds.is_empty() {
            continue;
        }
        let mut rows: Vec<Vec<Value>> = sample_rows(ds, data.map(|d| d.join(format!("{id}.csv"))));
        let mut rng = Lcg(0x7468_6964_7561 ^ id.len() as u64);
        for _ in 0..2000 {
            rows.push(
                ds.columns
                    .values()
                    .map(|c| match (c.optional && rng.next(5) == 0, c.ty) {
                        // An empty optional text cell reads as the empty text.
                        (true, thidua::pack::ColumnType::Text) => Value::text(""),
                        (true, _) => Value::Null,
                        (false, _) => random_value(&mut rng, c),
                    })
                    .collect(),
            );
        }
        let batch = Batch::from_values(ds, rows.iter().enumerate().map(|(i, r)| (i + 2, &r[..])));
        let nullable: Vec<bool> =
            ds.columns.values().map(|c| c.optional && c.ty != thidua::pack::ColumnType::Text).collect();
        let never_null = vec![false; ds.columns.len()];
        for (name, cond) in &conds {
            // A condition reading optional columns runs down the columns
            // except where one of its cells is empty (Rhai judges those).
            if let Some((tree, optional)) = cond.tree_where_present() {
                let col = ColCond::compile(tree, ds.columns.len(), &extra, &never_null).expect("columnar form");
                let by_column = col.eval(&batch);
                for (r, row) in rows.iter().enumerate() {
                    if optional.iter().any(|&s| row[s] == Value::Null) {
                        continue;
                    }
                    let rhai = cond.eval_rhai(&cp.engine, &Slots { row, extra: &extra }, &ScriptCtx::default());
                    assert_eq!(rhai, Ok(by_column[r]), "{dir:?} {name}: Rhai and the columns differ on {row:?}");
                    compared += 1;
                    present += 1;
                }
            }
            let Some(tree) = cond.native_tree() else { continue };
            let Some(col) = ColCond::compile(tree, ds.columns.len(), &extra, &nullable) else { continue };
            let by_column = col.eval(&batch);
            for (r, row) in rows.iter().enumerate() {
                let slots = Slots { row, extra: &extra };
                let rhai = cond.eval_rhai(&cp.engine, &slots, &ScriptCtx::default());
                let native = cond.eval_with(&cp.engine, &slots, &ScriptCtx::default());
                assert_eq!(rhai, native, "{dir:?} {name}: Rhai and the native tree differ on {row:?}");
                assert_eq!(rhai, Ok(by_column[r]), "{dir:?} {name}: Rhai and the columns differ on {row:?}");
                compared += 1;
            }
        }
    }
    (compared, present)
}

/// The pack's sample data, typed.
fn sample_rows(ds: &Dataset, file: Option<std::path::PathBuf>) -> Vec<Vec<Value>> {
    match file.filter(|f| f.is_file()) {
        Some(f) => {
            thidua::data::read_csv(ds, &f).map(|t| t.rows.into_iter().map(|r| r.values).collect()).unwrap_or_default()
        }
        None => Vec::new(),
    }
}

#[test]
fn rhai_native_and_columnar_agree_on_every_simple_condition() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut total, mut present) = (0, 0);
    let mut packs: Vec<_> =
        std::fs::read_dir(root.join("rules")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    packs.push(root.join("bench/khoi-luong-chuan"));
    packs.sort();
    for dir in packs {
        let data = root.join("data").join(dir.file_name().unwrap());
        let (t, p) = check_pack(&dir, data.is_dir().then_some(data.as_path()));
        total += t;
        present += p;
    }
    assert!(total > 100_000, "only {total} comparisons");
    assert!(present > 2_000, "only {present} comparisons of conditions reading optional columns");
}
