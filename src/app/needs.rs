//! Which datasets an award needs: inferred from what its rules read.

use crate::compile::CompiledPack;

/// Whether an award, or one it requires, has a rule that reads `name`.
pub(crate) fn reads(cp: &CompiledPack, award: &crate::pack::Award, name: &str, depth: usize) -> bool {
    // The values shown beside its results are read with it.
    let shown = cp.pack.datasets.get(&award.dataset_id).into_iter().flat_map(|d| d.values.values().map(|v| &v.value));
    let own = award
        .applies_when
        .iter()
        .chain(award.criteria.iter().flat_map(|c| std::iter::once(&c.condition).chain(c.applies_when.iter())))
        .chain(shown);
    own.into_iter().any(|src| crate::ground::lex::identifiers(src).iter().any(|i| i == name))
        || (depth < 16 && award.requires.iter().filter_map(|r| cp.pack.award(r)).any(|r| reads(cp, r, name, depth + 1)))
}

/// The datasets an award needs: its own, its members' when its rules read
/// `thanh_vien`, the history of its subjects when they read `lich_su`.
pub fn datasets_for<'a>(cp: &'a CompiledPack, award: &'a crate::pack::Award) -> Vec<&'a str> {
    let mut needed: Vec<&str> = vec![award.dataset_id.as_str()];
    let ds = cp.pack.datasets.get(&award.dataset_id);
    if let Some(m) = ds.and_then(|d| d.members.as_ref()).filter(|_| reads(cp, award, "thanh_vien", 0)) {
        needed.push(m.dataset.as_str());
        // The members' own awards may read their histories.
        for b in cp.pack.awards.iter().filter(|b| b.dataset_id == m.dataset) {
            needed.extend(histories_read(cp, b, &m.dataset));
        }
    }
    needed.extend(histories_read(cp, award, &award.dataset_id));
    needed.sort();
    needed.dedup();
    needed
}

/// The histories of `dataset` that `award` (or one it requires) reads, each
/// by its own name.
pub(crate) fn histories_read<'a>(cp: &'a CompiledPack, award: &crate::pack::Award, dataset: &'a str) -> Vec<&'a str> {
    cp.pack
        .histories_of(dataset)
        .filter(|h| h.history.as_ref().is_some_and(|s| reads(cp, award, s.var(), 0)))
        .map(|h| h.id.as_str())
        .collect()
}
